package io.scrapebatch.operator.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scrapebatch.api.v1alpha1.ScrapeBatch;
import io.scrapebatch.api.v1alpha1.ScrapeBatchCrd;
import io.scrapebatch.api.v1alpha1.Specs;
import io.scrapebatch.operator.policy.TableId;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Lease calls of {@link TableLocks} on a real API server, races included. */
@EnableKubeAPIServer
class TableLocksIT {
  static final String NS = "locks-it";
  static KubernetesClient client;
  static TableLocks locks;

  @BeforeAll
  static void namespace() {
    ScrapeBatchCrd.install(client, Duration.ofSeconds(30));
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    locks = new TableLocks(client, NS, Clock.systemUTC());
  }

  @Test
  void aFreeTableIsTakenWithOneCreateAndGivenBackByTheBatchThatHoldsIt() {
    var a = batch("a", "/data/clean/free");

    assertThat(locks.claim(a)).isEmpty();
    assertThat(holder("/data/clean/free")).isEqualTo(NS + "/a");

    locks.release(a, serverView());
    assertThat(lease("/data/clean/free")).isNull();
    assertThat(lease("/data/quarantine/a")).isNull();
  }

  @Test
  void aStaleCacheNeverGivesBackALeaseSomeoneElseTookOver() {
    var a = batch("old", "/data/clean/contested");
    var b = batch("new", "/data/clean/contested");
    assertThat(locks.claim(a)).isEmpty();
    // What the cache saw while `old` held the table.
    Lease seenByTheCache = lease("/data/clean/contested");
    // `old` does not exist on the server, so `new` takes the table over.
    assertThat(locks.claim(b)).isEmpty();
    assertThat(holder("/data/clean/contested")).isEqualTo(NS + "/new");

    locks.release(
        a,
        name ->
            name.equals(seenByTheCache.getMetadata().getName())
                ? Optional.of(seenByTheCache)
                : serverView().apply(name));

    assertThat(holder("/data/clean/contested")).isEqualTo(NS + "/new");
    assertThat(lease("/data/quarantine/old")).isNull();
  }

  @Test
  void aBatchWhoseTableALiveBatchHoldsIsToldWhoAndKeepsNothing() {
    var holder = client.resource(batch("writer", "/data/clean/busy")).create();
    assertThat(locks.claim(holder)).isEmpty();
    var late = batch("late", "/data/clean/busy");

    var blocked = locks.claim(late);

    assertThat(blocked).hasValueSatisfying(t -> assertThat(t.batch()).isEqualTo(NS + "/writer"));
    assertThat(lease("/data/quarantine/late")).isNull();
  }

  private static Function<String, Optional<Lease>> serverView() {
    return name -> Optional.ofNullable(client.leases().inNamespace(NS).withName(name).get());
  }

  private static ScrapeBatch batch(String name, String table) {
    var batch =
        Specs.single("url")
            .source("/data/raw/" + name + "/")
            .target(table, "/data/quarantine/" + name, null)
            .batch(name, NS);
    batch.getMetadata().setUid(UUID.randomUUID().toString());
    return batch;
  }

  private static Lease lease(String table) {
    return client.leases().inNamespace(NS).withName(TableLocks.leaseName(TableId.of(table))).get();
  }

  private static String holder(String table) {
    return lease(table).getSpec().getHolderIdentity();
  }
}
