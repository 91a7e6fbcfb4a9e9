package io.scrapebatch.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.v1alpha1.AttemptState;
import io.scrapebatch.api.v1alpha1.ExecutionMode;
import io.scrapebatch.api.v1alpha1.Phase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Scenario 1: a small batch runs as one local-mode Spark pod and lands in the Delta table. */
class LocalModeE2E {
  private final Scenario scenario = Scenario.in("local-mode");

  @Test
  void aSmallBatchRunsInOneLocalModePodAndItsCountsMatchTheTable() {
    var generated = scenario.generate("small", 5_000, 7, g -> {});
    scenario.apply(scenario.batch("small", "small", spec -> {}));

    var done = scenario.awaitFinished("small", Duration.ofMinutes(5));

    var s = done.getStatus();
    assertThat(s.phase()).as(s.message()).isEqualTo(Phase.Succeeded);
    assertThat(s.message())
        .as("the outcome, not a later race of status writes")
        .startsWith("merged ");
    assertThat(s.attempts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.state()).isEqualTo(AttemptState.Succeeded);
              assertThat(a.sizing().mode()).isEqualTo(ExecutionMode.LOCAL);
              assertThat(a.executorPods()).isNull();
            });
    var r = s.result();
    assertThat(r.recordsRead()).isEqualTo(generated.records());
    Scenario.assertConserved(r);
    assertThat(r.invalidByReason()).isEqualTo(generated.invalidByReason());
    long rows = scenario.read(scenario.table("small")).count();
    assertThat(rows).isEqualTo(r.recordsWritten());
    assertThat(scenario.read(scenario.table("small")).select("url").distinct().count())
        .isEqualTo(rows);
    assertThat(scenario.read(scenario.quarantine("small")).count())
        .isEqualTo(r.recordsQuarantined());
    // The driver's log as a user reads it: kubectl logs, through the API server to the kubelet.
    String driverLog =
        scenario
            .client()
            .pods()
            .inNamespace(scenario.namespace())
            .withName(s.attempts().get(0).driverPod())
            .getLog();
    assertThat(driverLog).contains("(exit 0): ");
  }
}
