package io.scrapebatch.etl.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScrapeDataGeneratorTest {
  @TempDir Path dir;

  @Test
  void sameSeedWritesByteIdenticalFilesAndAnotherSeedDoesNot() throws IOException {
    var a = ScrapeDataGenerator.of(dir.resolve("a"), 3_000, 5).files(2).generate();
    var b = ScrapeDataGenerator.of(dir.resolve("b"), 3_000, 5).files(2).generate();
    var c = ScrapeDataGenerator.of(dir.resolve("c"), 3_000, 6).files(2).generate();
    for (int i = 0; i < 2; i++) {
      byte[] first = Files.readAllBytes(a.files().get(i));
      assertThat(Files.readAllBytes(b.files().get(i))).isEqualTo(first);
      assertThat(Files.readAllBytes(c.files().get(i))).isNotEqualTo(first);
    }
    assertThat(a.files().get(0).getFileName().toString()).endsWith(".jsonl.gz");
  }

  @Test
  void countsAddUpAndEveryInvalidKindAppears() throws IOException {
    var s = ScrapeDataGenerator.of(dir, 4_000, 1).gzip(false).files(1).generate();
    assertThat(s.newProducts() + s.duplicates() + s.invalidTotal()).isEqualTo(4_000);
    assertThat(s.invalid().keySet()).containsExactlyInAnyOrder(InvalidKind.values());
    assertThat(Files.readAllLines(s.files().get(0))).hasSize(4_000);
    assertThat(s.invalidByReason()).containsKeys("malformed", "price:type", "category:pattern");
  }
}
