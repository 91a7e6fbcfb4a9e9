package io.scrapebatch.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scrapebatch.api.job.TerminationReport;
import io.scrapebatch.api.v1alpha1.AttemptState;
import io.scrapebatch.api.v1alpha1.BatchResult;
import io.scrapebatch.api.v1alpha1.ExecutionMode;
import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.api.v1alpha1.ScrapeBatch;
import io.scrapebatch.api.v1alpha1.Statuses;
import io.scrapebatch.operator.policy.ResourceNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An operator that stops mid-run, even before recording what it created, never doubles a driver.
 */
@EnableKubeAPIServer
class OperatorRestartIT {
  static final String NS = "restart-it";
  static KubernetesClient client;

  @Test
  @SuppressWarnings("try") // the operators run while their try blocks do
  void aRestartedOperatorThatLostItsStatusAdoptsTheRunningDriverAndFinishesTheBatch() {
    OperatorHarness.prepare(client, NS);
    var kubelet = new PodScript(client, NS);
    ScrapeBatch sb;
    String driver;
    try (var first = OperatorHarness.start(client, NS)) {
      sb =
          client
              .resource(
                  OperatorHarness.batch(
                      "restart", NS, OperatorHarness.input(4096), ExecutionMode.CLUSTER, 3))
              .create();
      driver = new ResourceNames("restart", sb.getMetadata().getUid(), 1).driverPod();
      kubelet.awaitPod(driver);
      kubelet.run(driver);
      await().atMost(Duration.ofSeconds(20)).until(() -> phase(sb) == Phase.Running);
    }

    // The crash came after the pod was created but before the status said so.
    var stored = batch(sb);
    stored.setStatus(Statuses.phaseOnly(Phase.Pending, null));
    client.resource(stored).updateStatus();

    try (var second = OperatorHarness.start(client, NS)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> phase(sb) == Phase.Running);
      assertThat(drivers()).containsExactly(driver);
      assertThat(batch(sb).getStatus().attempts())
          .singleElement()
          .satisfies(a -> assertThat(a.driverPod()).isEqualTo(driver));

      kubelet.succeed(
          driver,
          new TerminationReport(
                  0,
                  null,
                  "merged",
                  List.of(),
                  new BatchResult(5L, 0L, 0L, Map.of(), 0L, 0L, 5L, 0L, 1L),
                  null,
                  10L)
              .toJson());
      await().atMost(Duration.ofSeconds(20)).until(() -> phase(sb) == Phase.Succeeded);
    }
    assertThat(drivers()).containsExactly(driver);
    assertThat(batch(sb).getStatus().attempts())
        .extracting(a -> a.state())
        .containsExactly(AttemptState.Succeeded);
  }

  private static List<String> drivers() {
    return client
        .pods()
        .inNamespace(NS)
        .withLabel("spark-role", "driver")
        .list()
        .getItems()
        .stream()
        .map(p -> p.getMetadata().getName())
        .toList();
  }

  private static ScrapeBatch batch(ScrapeBatch sb) {
    return client
        .resources(ScrapeBatch.class)
        .inNamespace(NS)
        .withName(sb.getMetadata().getName())
        .get();
  }

  private static Phase phase(ScrapeBatch sb) {
    var s = batch(sb).getStatus();
    return s == null ? null : s.phase();
  }
}
