package io.scrapebatch.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.v1alpha1.FailureClass;
import io.scrapebatch.api.v1alpha1.Phase;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Scenario 5: too many invalid rows fail the batch at once; the quarantine is kept, the target
 * untouched.
 */
class ContractViolationE2E {
  private final Scenario scenario = Scenario.in("contract");

  @Test
  void aBatchOverItsInvalidRatioFailsAtOnceWithTheQuarantineWritten() {
    scenario.generate("dirty", 4_000, 3, g -> g.invalidRatio(0.30));
    scenario.apply(
        scenario.batch(
            "dirty",
            "dirty",
            spec -> spec.withObjectProperty("contract").put("maxInvalidRatio", 0.05)));

    var done = scenario.awaitFinished("dirty", Duration.ofMinutes(5));

    var s = done.getStatus();
    assertThat(s.phase()).isEqualTo(Phase.Failed);
    assertThat(s.attempts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.failure().type()).isEqualTo(FailureClass.ContractViolation);
              assertThat(a.failure().retryable()).isFalse();
              assertThat(a.failure().exitCode()).isEqualTo(10);
            });
    assertThat(s.result().recordsQuarantined()).isPositive();
    assertThat(scenario.read(scenario.quarantine("dirty")).count())
        .isEqualTo(s.result().recordsQuarantined());
    assertThat(Files.exists(scenario.table("dirty").resolve("_delta_log"))).isFalse();
  }
}
