package io.scrapebatch.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scrapebatch.api.v1alpha1.ExecutionMode;
import io.scrapebatch.api.v1alpha1.ScrapeBatch;
import io.scrapebatch.operator.app.OperatorApp;
import io.scrapebatch.operator.app.OperatorSettings;
import io.scrapebatch.operator.policy.ResourceNames;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Two replicas with leader election: one reconciles; when it stops, the other takes over. */
@EnableKubeAPIServer
class LeaderElectionIT {
  static final String NS = "leader-it";
  static KubernetesClient client;

  @Test
  void onlyTheLeaseHolderReconcilesAndTheStandbyTakesOver() {
    OperatorHarness.prepare(client, NS);
    var lease =
        Optional.of(
            new OperatorSettings.LeaderElection(
                "scrapebatch-operator",
                NS,
                Duration.ofSeconds(4),
                Duration.ofSeconds(3),
                Duration.ofSeconds(1),
                false));
    OperatorApp a = OperatorHarness.start(client, NS, lease, "replica-a");
    OperatorApp b = OperatorHarness.start(client, NS, lease, "replica-b");
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> holder() != null);
      String leader = holder();
      var first = create("first");
      new PodScript(client, NS).awaitPod(driver(first));
      assertThat(client.pods().inNamespace(NS).withLabel("spark-role", "driver").list().getItems())
          .hasSize(1);

      (leader.equals("replica-a") ? a : b).close();
      String standby = leader.equals("replica-a") ? "replica-b" : "replica-a";
      await().atMost(Duration.ofSeconds(45)).until(() -> standby.equals(holder()));
      var second = create("second");
      new PodScript(client, NS).awaitPod(driver(second));
    } finally {
      a.close();
      b.close();
    }
  }

  private static ScrapeBatch create(String name) {
    return client
        .resource(
            OperatorHarness.batch(name, NS, OperatorHarness.input(1024), ExecutionMode.LOCAL, 2))
        .create();
  }

  private static String driver(ScrapeBatch sb) {
    return new ResourceNames(sb.getMetadata().getName(), sb.getMetadata().getUid(), 1).driverPod();
  }

  private static String holder() {
    var lease = client.leases().inNamespace(NS).withName("scrapebatch-operator").get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }
}
