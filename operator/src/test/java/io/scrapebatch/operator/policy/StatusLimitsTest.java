package io.scrapebatch.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.v1alpha1.FailureClass;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StatusLimitsTest {

  @Test
  void longEvidenceKeepsItsFirstLinesAndTheRootCauseAtTheEnd() {
    var lines = IntStream.rangeClosed(1, 50).mapToObj(i -> "line " + i).toList();

    var failure = Failure.of(FailureClass.Unknown, "boom", lines);

    assertThat(failure.evidence())
        .hasSize(StatusLimits.EVIDENCE_LINES)
        .startsWith("line 1", "line 2")
        .contains("… 41 more line(s) …")
        .endsWith("line 50");
  }

  @Test
  void aLongLineOrMessageIsCutAndMarked() {
    var failure = Failure.of(FailureClass.Unknown, "m".repeat(5000), List.of("e".repeat(5000)));

    assertThat(failure.message()).hasSize(StatusLimits.MESSAGE_CHARS).endsWith("…");
    assertThat(failure.evidence().get(0)).hasSize(StatusLimits.EVIDENCE_CHARS).endsWith("…");
  }

  @Test
  void shortEvidenceIsKeptAsItIs() {
    var failure = Failure.of(FailureClass.Unknown, "boom", List.of("a", "b"));

    assertThat(failure.evidence()).containsExactly("a", "b");
    assertThat(failure.message()).isEqualTo("boom");
  }
}
