package io.scrapebatch.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scrapebatch.api.v1alpha1.ExecutionMode;
import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.api.v1alpha1.ScrapeBatch;
import io.scrapebatch.operator.app.OperatorApp;
import io.scrapebatch.operator.policy.ResourceNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A launch the API server refuses (here a ResourceQuota that allows no pods) shows the refusal in
 * the batch's status and as an Event, and the operator tries again with backoff until it gets
 * through.
 */
@EnableKubeAPIServer
class ReconcileFailureIT {
  static final String NS = "reconcile-failure-it";
  static KubernetesClient client;
  static OperatorApp operator;

  @BeforeAll
  static void startOperator() {
    OperatorHarness.prepare(client, NS);
    operator = OperatorHarness.start(client, NS);
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  @Test
  void aLaunchRefusedByAQuotaIsShownInStatusAndEventsAndRetriedWithBackoffUntilItPasses() {
    var quota = noPods();
    var sb =
        client
            .resource(
                OperatorHarness.batch(
                    "over-quota", NS, OperatorHarness.input(4096), ExecutionMode.AUTO, 3))
            .create();

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              var status = get(sb).getStatus();
              assertThat(status).isNotNull();
              assertThat(status.message())
                  .contains("the operator could not act on the batch")
                  .contains("exceeded quota: no-pods");
              assertThat(status.conditions())
                  .anySatisfy(
                      c -> {
                        assertThat(c.type()).isEqualTo("Reconciling");
                        assertThat(c.message()).contains("exceeded quota");
                      });
            });
    assertThat(failedEvents(sb))
        .anySatisfy(note -> assertThat(note).contains("exceeded quota: no-pods"));

    // Backoff 2s, 4s, 8s…: a few tries in ten seconds, not a hot loop.
    int before = failedEvents(sb).size();
    sleep(Duration.ofSeconds(10));
    int during = failedEvents(sb).size() - before;
    assertThat(during).isBetween(1, 4);
    assertThat(get(sb).getStatus().phase()).isEqualTo(Phase.Pending);

    client.resource(quota).delete();
    String driver =
        new ResourceNames(sb.getMetadata().getName(), sb.getMetadata().getUid(), 1).driverPod();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> client.pods().inNamespace(NS).withName(driver).get() != null);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              var status = get(sb).getStatus();
              assertThat(status.phase()).isEqualTo(Phase.Launching);
              assertThat(status.message()).doesNotContain("could not act");
            });
  }

  /** A quota of zero pods, with the usage the quota controller (absent here) would record. */
  private static ResourceQuota noPods() {
    var quota =
        client
            .resource(
                new ResourceQuotaBuilder()
                    .withNewMetadata()
                    .withName("no-pods")
                    .withNamespace(NS)
                    .endMetadata()
                    .withNewSpec()
                    .withHard(Map.of("pods", new Quantity("0")))
                    .endSpec()
                    .build())
            .create();
    quota.setStatus(
        new io.fabric8.kubernetes.api.model.ResourceQuotaStatusBuilder()
            .withHard(Map.of("pods", new Quantity("0")))
            .withUsed(Map.of("pods", new Quantity("0")))
            .build());
    return client.resource(quota).updateStatus();
  }

  private static ScrapeBatch get(ScrapeBatch sb) {
    return client
        .resources(ScrapeBatch.class)
        .inNamespace(NS)
        .withName(sb.getMetadata().getName())
        .get();
  }

  private static List<String> failedEvents(ScrapeBatch sb) {
    return client.events().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(
            e ->
                e.getRegarding() != null
                    && sb.getMetadata().getName().equals(e.getRegarding().getName())
                    && "ReconcileFailed".equals(e.getReason()))
        .map(e -> e.getNote())
        .toList();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
