package io.scrapebatch.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scrapebatch.api.v1alpha1.BatchResult;
import io.scrapebatch.api.v1alpha1.ExecutionMode;
import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.api.v1alpha1.ScrapeBatch;
import io.scrapebatch.api.v1alpha1.ScrapeBatchStatus;
import io.scrapebatch.api.v1alpha1.Target;
import io.scrapebatch.operator.app.OperatorApp;
import io.scrapebatch.operator.policy.ResourceNames;
import io.scrapebatch.operator.policy.TableId;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One writer per Delta table on a real API server, with the test playing kubelet: batches on a
 * table another batch writes wait Queued, first come first served, until the holder's driver has
 * terminated; the wait survives an operator restart because it lives in Leases.
 */
@EnableKubeAPIServer
class TableQueueIT {
  static final String NS = "queue-it";
  static KubernetesClient client;
  static OperatorApp operator;
  static PodScript kubelet;

  @BeforeAll
  static void startOperator() {
    OperatorHarness.prepare(client, NS);
    operator = OperatorHarness.start(client, NS);
    kubelet = new PodScript(client, NS);
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  @Test
  void aSecondBatchOnTheSameTableIsQueuedUntilTheFirstFinishesAndThenRuns() {
    var first = create("first", "/data/clean/shared", "/data/quarantine/first");
    String firstDriver = driverName(first);
    kubelet.run(firstDriver);
    var second = create("second", "file:///data/clean/shared/", "/data/quarantine/second");

    var queued = awaitPhase(second, Phase.Queued).getStatus();
    assertThat(queued.message()).contains("is being written by queue-it/first");
    assertThat(condition(queued, "Queued")).isEqualTo("True");
    assertThat(lease("/data/clean/shared").getSpec().getHolderIdentity())
        .isEqualTo("queue-it/first");
    assertThat(podExists(driverName(second))).isFalse();

    // The queue is in the cluster, not in the operator: a new operator keeps the batch waiting.
    operator.close();
    operator = OperatorHarness.start(client, NS);
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> !podExists(driverName(second)) && phase(second) == Phase.Queued);

    kubelet.succeed(firstDriver, report());
    awaitPhase(first, Phase.Succeeded);
    kubelet.awaitPod(driverName(second));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                "queue-it/second"
                    .equals(lease("/data/clean/shared").getSpec().getHolderIdentity()));
    assertThat(condition(get(second).getStatus(), "Queued")).isEqualTo("False");
    kubelet.run(driverName(second));
    kubelet.succeed(driverName(second), report());
    awaitPhase(second, Phase.Succeeded);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                client.leases().inNamespace(NS).withName(leaseName("/data/clean/shared")).get()
                    == null);
  }

  @Test
  void aHolderMarkedFailedKeepsTheTableWhileItsDriverStillRuns() {
    var holder = create("holder", "/data/clean/guarded", "/data/quarantine/holder");
    String driver = driverName(holder);
    kubelet.run(driver);
    var waiter = create("waiter", "/data/clean/other", "/data/clean/guarded");
    awaitPhase(waiter, Phase.Queued);

    // Its status says Failed, but the driver may still commit: the table stays taken.
    var stored = get(holder);
    var s = stored.getStatus();
    stored.setStatus(
        new ScrapeBatchStatus(
            Phase.Failed,
            s.observedGeneration(),
            s.conditions(),
            s.attempt(),
            s.input(),
            s.attempts(),
            null,
            s.result(),
            null,
            "failed by hand",
            null,
            "2026-05-19T02:00:00Z",
            s.observedRerun(),
            null));
    client.resource(stored).updateStatus();
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(10))
        .until(() -> !podExists(driverName(waiter)) && phase(waiter) == Phase.Queued);

    kubelet.terminate(driver, "Failed", 137, "Error", "");
    kubelet.awaitPod(driverName(waiter));
  }

  @Test
  void waitingBatchesAreServedInTheOrderTheyWereCreated() {
    var a = create("a", "/data/clean/fifo", "/data/quarantine/a");
    kubelet.run(driverName(a));
    var b = create("b", "/data/clean/fifo", "/data/quarantine/b");
    awaitPhase(b, Phase.Queued);
    var c = create("c", "/data/clean/fifo", "/data/quarantine/c");
    awaitPhase(c, Phase.Queued);

    kubelet.succeed(driverName(a), report());
    kubelet.awaitPod(driverName(b));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> assertThat(get(c).getStatus().message()).contains("written by queue-it/b"));
    assertThat(podExists(driverName(c))).isFalse();
  }

  private static ScrapeBatch create(String name, String table, String quarantine) {
    var sb = OperatorHarness.batch(name, NS, OperatorHarness.input(4096), ExecutionMode.AUTO, 1);
    var spec = sb.getSpec();
    sb.setSpec(
        new io.scrapebatch.api.v1alpha1.ScrapeBatchSpec(
            spec.source(),
            spec.contract(),
            spec.dedup(),
            new Target(table, quarantine, null),
            spec.storage(),
            spec.resources(),
            spec.retry(),
            spec.timeouts(),
            spec.ttlSecondsAfterFinished(),
            spec.sparkConf(),
            spec.image(),
            spec.job(),
            spec.rerun()));
    return client.resource(sb).create();
  }

  private static String driverName(ScrapeBatch sb) {
    return new ResourceNames(sb.getMetadata().getName(), sb.getMetadata().getUid(), 1).driverPod();
  }

  private static ScrapeBatch get(ScrapeBatch sb) {
    return client
        .resources(ScrapeBatch.class)
        .inNamespace(NS)
        .withName(sb.getMetadata().getName())
        .get();
  }

  private static Phase phase(ScrapeBatch sb) {
    var s = get(sb).getStatus();
    return s == null ? null : s.phase();
  }

  private static ScrapeBatch awaitPhase(ScrapeBatch sb, Phase phase) {
    await().atMost(Duration.ofSeconds(30)).until(() -> phase(sb) == phase);
    return get(sb);
  }

  private static boolean podExists(String name) {
    return client.pods().inNamespace(NS).withName(name).get() != null;
  }

  private static String leaseName(String table) {
    return "scrapebatch-table-" + TableId.of(table).hash();
  }

  private static Lease lease(String table) {
    return client.leases().inNamespace(NS).withName(leaseName(table)).get();
  }

  private static String condition(ScrapeBatchStatus s, String type) {
    return s.conditions().stream()
        .filter(c -> c.type().equals(type))
        .findFirst()
        .orElseThrow()
        .status();
  }

  private static String report() {
    return ScrapeBatchReconcilerIT.report(
        0, null, "merged", new BatchResult(1L, 0L, 0L, Map.of(), 0L, 0L, 1L, -1L, 0L));
  }
}
