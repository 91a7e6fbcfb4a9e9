package io.scrapebatch.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MemoryTest {
  @ParameterizedTest
  @CsvSource({
    "8Gi, 8192",
    "1.5Gi, 1536",
    "512Mi, 512",
    "2G, 1908",
    "1048576, 1",
    "1Ki, 1",
    "1Ti, 1048576"
  })
  void parsesKubernetesQuantitiesRoundingUpToWholeMebibytes(String quantity, long mib) {
    assertThat(Memory.parse(quantity).mib()).isEqualTo(mib);
  }

  @Test
  void printsTheShortestExactFormForKubernetesAndSpark() {
    assertThat(Memory.mib(2048).toQuantity()).isEqualTo("2Gi");
    assertThat(Memory.mib(1536).toQuantity()).isEqualTo("1536Mi");
    assertThat(Memory.mib(2048).toSparkSize()).isEqualTo("2g");
    assertThat(Memory.mib(1536).toSparkSize()).isEqualTo("1536m");
  }

  @Test
  void rejectsWhatIsNotAQuantity() {
    assertThatIllegalArgumentException().isThrownBy(() -> Memory.parse("lots"));
  }

  @Test
  void parsesGoDurations() {
    assertThat(GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(GoDuration.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThatIllegalArgumentException().isThrownBy(() -> GoDuration.parse("soon"));
    assertThatIllegalArgumentException().isThrownBy(() -> GoDuration.parse("5m later"));
  }
}
