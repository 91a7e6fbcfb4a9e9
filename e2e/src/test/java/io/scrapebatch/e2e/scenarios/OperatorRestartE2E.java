package io.scrapebatch.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.v1alpha1.Phase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Scenario 9: the operator is stopped and started while the job runs; the job finishes, with one
 * driver.
 */
class OperatorRestartE2E {
  private final Scenario scenario = Scenario.in("restart");

  @Test
  void aBatchSurvivesAnOperatorRestartWithOneDriverPerAttempt() throws InterruptedException {
    scenario.generate("restart", 20_000, 5, g -> {});
    scenario.apply(
        scenario.batch(
            "restart",
            "restart",
            spec ->
                spec.withObjectProperty("resources")
                    .put("mode", "cluster")
                    .put("maxExecutors", 1)
                    .put("executorCores", 1)
                    .put("maxExecutorMemory", "1Gi")
                    .put("maxDriverMemory", "1Gi")));
    scenario.awaitPhase("restart", Phase.Running, Duration.ofMinutes(3));

    TestCluster.get().stopOperator();
    Thread.sleep(5_000);
    TestCluster.get().startOperator();
    var done = scenario.awaitFinished("restart", Duration.ofMinutes(6));

    assertThat(done.getStatus().phase()).as(done.getStatus().message()).isEqualTo(Phase.Succeeded);
    assertThat(done.getStatus().attempts()).hasSize(1);
    assertThat(scenario.pods("restart", "driver")).hasSize(1);
    assertThat(scenario.read(scenario.table("restart")).count())
        .isEqualTo(done.getStatus().result().recordsWritten());
  }
}
