package io.scrapebatch.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.v1alpha1.AttemptState;
import io.scrapebatch.api.v1alpha1.ExecutionMode;
import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.e2e.cluster.LocalCluster;
import io.scrapebatch.operator.policy.SizingRules;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scenario 2: a batch in cluster mode: the driver pod starts two executor pods through the API. */
class ClusterModeE2E {
  static final String NS = "scrapes";
  static LocalCluster cluster;
  static Scenario scenario;

  @BeforeAll
  static void start() throws Exception {
    cluster = Scenario.startCluster("cluster-mode");
    cluster.prepareNamespace(NS);
    cluster.startOperator(Set.of(NS), SizingRules.defaults());
    scenario = new Scenario(cluster.client(), NS, Files.createTempDirectory("e2e-data"));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aClusterModeBatchRunsADriverAndTwoExecutorPods() {
    var generated = scenario.generate("cluster", 20_000, 11, g -> {});
    scenario.apply(
        scenario.batch(
            "cluster",
            "cluster",
            spec ->
                spec.with("resources")
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
        cluster
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
