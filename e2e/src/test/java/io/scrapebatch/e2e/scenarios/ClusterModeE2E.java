package io.scrapebatch.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.v1alpha1.AttemptState;
import io.scrapebatch.api.v1alpha1.ExecutionMode;
import io.scrapebatch.api.v1alpha1.Phase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Scenario 2: a batch in cluster mode: the driver pod starts two executor pods through the API. */
class ClusterModeE2E {
  static final String NS = "cluster-mode";
  private final Scenario scenario = Scenario.in(NS);

  @Test
  void aClusterModeBatchRunsADriverAndTwoExecutorPods() {
    var generated = scenario.generate("cluster", 20_000, 11, g -> {});
    scenario.apply(
        scenario.batch(
            "cluster",
            "cluster",
            spec ->
                spec.withObjectProperty("resources")
                    .put("mode", "cluster")
                    .put("minExecutors", 2)
                    .put("maxExecutors", 2)
                    .put("executorCores", 1)
                    .put("maxExecutorMemory", "1Gi")
                    .put("maxDriverMemory", "1Gi")));

    var done = scenario.awaitFinished("cluster", Duration.ofMinutes(8));

    var s = done.getStatus();
    assertThat(s.phase()).as(s.message()).isEqualTo(Phase.Succeeded);
    var attempt = s.attempts().get(0);
    assertThat(attempt.state()).isEqualTo(AttemptState.Succeeded);
    assertThat(attempt.sizing().mode()).isEqualTo(ExecutionMode.CLUSTER);
    assertThat(attempt.sizing().executors()).isEqualTo(2);
    assertThat(attempt.executorPods())
        .hasSize(2)
        .allSatisfy(name -> assertThat(name).contains("-a1-exec-"));
    var executors =
        scenario
            .client()
            .pods()
            .inNamespace(NS)
            .withLabel("spark-role", "executor")
            .list()
            .getItems();
    assertThat(executors)
        .hasSize(2)
        .allSatisfy(
            pod -> {
              assertThat(pod.getMetadata().getLabels())
                  .containsEntry("scrapebatch.io/batch", "cluster");
              assertThat(pod.getMetadata().getOwnerReferences().get(0).getName())
                  .isEqualTo(attempt.driverPod());
              assertThat(
                      pod.getSpec()
                          .getContainers()
                          .get(0)
                          .getResources()
                          .getLimits()
                          .get("memory")
                          .toString())
                  .isEqualTo("1408Mi");
            });
    var r = s.result();
    assertThat(r.recordsRead()).isEqualTo(generated.records());
    assertThat(scenario.read(scenario.table("cluster")).count()).isEqualTo(r.recordsWritten());
  }
}
