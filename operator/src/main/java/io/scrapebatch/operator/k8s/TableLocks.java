package io.scrapebatch.operator.k8s;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.api.v1alpha1.ScrapeBatch;
import io.scrapebatch.operator.policy.ResourceNames;
import io.scrapebatch.operator.policy.TableHolder;
import io.scrapebatch.operator.policy.TableId;
import io.scrapebatch.operator.policy.TableLock;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per Delta table, across restarts and leader changes: a {@code coordination.k8s.io}
 * Lease per table in the operator's namespace, held by the batch (by UID) that writes it. A batch
 * claims its tables' Leases in one global order just before its driver is created, keeps them
 * through its retries and gives them up once it has finished and none of its drivers runs. A Lease
 * whose batch is gone, or finished with no driver left, is taken over. Waiting batches are served
 * first come, first served by creation time.
 */
public final class TableLocks {
  private static final Logger LOG = LoggerFactory.getLogger(TableLocks.class);

  /** The primary-cache index from a table's hash to the batches that write it. */
  public static final String TABLE_INDEX = "scrapebatch.io/tables";

  static final String LEASE_PREFIX = "scrapebatch-table-";
  static final String HOLDER_UID = "scrapebatch.io/holder-uid";
  static final String TABLE = "scrapebatch.io/table";

  /** Waiting batches are served by creation time; names break ties. */
  static final Comparator<ScrapeBatch> FIRST_COME =
      Comparator.comparing((ScrapeBatch b) -> b.getMetadata().getCreationTimestamp())
          .thenComparing(b -> b.getMetadata().getNamespace())
          .thenComparing(b -> b.getMetadata().getName());

  private final KubernetesClient client;
  private final String namespace;
  private final Clock clock;

  /**
   * @param namespace where the Leases live: the operator's own namespace
   */
  public TableLocks(KubernetesClient client, String namespace, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.clock = clock;
  }

  public String namespace() {
    return namespace;
  }

  /** The tables a batch writes, each once, in lock order. */
  public static List<TableId> tables(ScrapeBatch batch) {
    var target = batch.getSpec().target();
    return List.of(TableId.of(target.table()), TableId.of(target.quarantine())).stream()
        .distinct()
        .sorted()
        .toList();
  }

  /** The index keys of a batch: its tables' hashes. */
  public static List<String> indexKeys(ScrapeBatch batch) {
    return tables(batch).stream().map(TableId::hash).toList();
  }

  public static String leaseName(TableId table) {
    return LEASE_PREFIX + table.hash();
  }

  /** The table hash a lock Lease stands for, if it is one. */
  public static Optional<String> tableHash(Lease lease) {
    String name = lease.getMetadata().getName();
    return name.startsWith(LEASE_PREFIX)
        ? Optional.of(name.substring(LEASE_PREFIX.length()))
        : Optional.empty();
  }

  /**
   * What the cluster says about the batch's tables now, from the informers' caches (the claim at
   * launch is the authoritative check).
   *
   * @param leases the Lease informer's cache, by name
   * @param batches the batches the operator watches, indexed by {@link #TABLE_INDEX}
   */
  public TableLock state(
      ScrapeBatch batch,
      Function<String, Optional<Lease>> leases,
      IndexedResourceCache<ScrapeBatch> batches) {
    String uid = batch.getMetadata().getUid();
    if (finished(batch)) {
      // A finished batch launches nothing: only whether it still holds a lock matters (a re-run's
      // launch is checked by the claim). Months of finished batches on one table cost no calls.
      boolean held =
          tables(batch).stream()
              .allMatch(
                  t -> leases.apply(leaseName(t)).map(l -> uid.equals(holderUid(l))).orElse(false));
      return held ? TableLock.heldByThisBatch() : TableLock.free();
    }
    boolean heldAll = true;
    for (TableId table : tables(batch)) {
      Optional<Lease> lease = leases.apply(leaseName(table));
      boolean ours = lease.map(l -> uid.equals(holderUid(l))).orElse(false);
      heldAll &= ours;
      if (ours) {
        continue;
      }
      if (lease.isPresent() && alive(lease.get())) {
        return TableLock.blockedBy(new TableHolder(holder(lease.get()), table, true));
      }
      Optional<ScrapeBatch> ahead =
          batches.byIndex(TABLE_INDEX, table.hash()).stream()
              .filter(other -> !uid.equals(other.getMetadata().getUid()))
              .filter(other -> phase(other) == Phase.Queued)
              .filter(other -> FIRST_COME.compare(other, batch) < 0)
              .min(FIRST_COME);
      if (ahead.isPresent()) {
        return TableLock.blockedBy(new TableHolder(name(ahead.get()), table, false));
      }
    }
    return heldAll ? TableLock.heldByThisBatch() : TableLock.free();
  }

  /**
   * Claims every table of the batch, in lock order; on the first one another live batch holds,
   * gives back what it took and names that batch.
   */
  public Optional<TableHolder> claim(ScrapeBatch batch) {
    List<TableId> taken = new ArrayList<>();
    for (TableId table : tables(batch)) {
      Optional<String> other = claim(batch, table);
      if (other.isPresent()) {
        taken.forEach(t -> release(batch, t));
        return Optional.of(new TableHolder(other.get(), table, true));
      }
      taken.add(table);
    }
    return Optional.empty();
  }

  /**
   * Gives back the Leases the Lease informer's cache shows the batch holding, each deleted only if
   * unchanged since (one call per table). One the cache does not show yet is given back when it
   * appears: its event wakes the batch, which still holds it.
   *
   * @param leases the Lease informer's cache, by name
   */
  public void release(ScrapeBatch batch, Function<String, Optional<Lease>> leases) {
    String uid = batch.getMetadata().getUid();
    for (TableId table : tables(batch)) {
      Optional<Lease> cached = leases.apply(leaseName(table)).filter(l -> uid.equals(holderUid(l)));
      if (cached.isEmpty()) {
        continue;
      }
      try {
        client
            .leases()
            .inNamespace(namespace)
            .withName(leaseName(table))
            .lockResourceVersion(cached.get().getMetadata().getResourceVersion())
            .delete();
        LOG.info("{} released {}", name(batch), table);
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        // Changed since the cache saw it: decide on what the server holds now.
        release(batch, table);
      }
    }
  }

  /**
   * Empty when the batch holds the table now; else who does. A table is usually free, so the Lease
   * is created first and read only when it exists.
   */
  private Optional<String> claim(ScrapeBatch batch, TableId table) {
    var leases = client.leases().inNamespace(namespace);
    try {
      leases.resource(lease(batch, table, null)).create();
      LOG.info("{} holds {}", name(batch), table);
      return Optional.empty();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
    Lease existing = leases.withName(leaseName(table)).get();
    if (existing == null) {
      // Released between the two calls: the release wakes the batch, which claims again.
      return Optional.of("another batch");
    }
    if (batch.getMetadata().getUid().equals(holderUid(existing))) {
      return Optional.empty();
    }
    if (alive(existing)) {
      return Optional.of(holder(existing));
    }
    try {
      // Replacing with the read resourceVersion: of two batches taking over, one wins.
      leases.resource(lease(batch, table, existing.getMetadata().getResourceVersion())).update();
      LOG.info(
          "{} takes {} over from {}, which no longer writes it",
          name(batch),
          table,
          holder(existing));
      return Optional.empty();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        Lease winner = leases.withName(leaseName(table)).get();
        return Optional.of(winner == null ? "another batch" : holder(winner));
      }
      throw e;
    }
  }

  private void release(ScrapeBatch batch, TableId table) {
    var lease = client.leases().inNamespace(namespace).withName(leaseName(table));
    Lease existing = lease.get();
    if (existing != null && batch.getMetadata().getUid().equals(holderUid(existing))) {
      lease.delete();
      LOG.info("{} released {}", name(batch), table);
    }
  }

  /**
   * A holder still writes while any of its driver pods may run, and, as long as it exists and has
   * not finished, between attempts too.
   */
  private boolean alive(Lease lease) {
    String holder = holder(lease);
    int slash = holder.indexOf('/');
    if (slash < 0) {
      return false;
    }
    String ns = holder.substring(0, slash);
    String name = holder.substring(slash + 1);
    String uid = holderUid(lease);
    boolean driverRuns =
        client
            .pods()
            .inNamespace(ns)
            .withLabel(Labels.BATCH, ResourceNames.labelValue(name))
            .list()
            .getItems()
            .stream()
            .filter(p -> ownedBy(p, uid))
            .filter(p -> !"executor".equals(label(p, Labels.SPARK_ROLE)))
            .anyMatch(p -> livePhase(p));
    if (driverRuns) {
      return true;
    }
    ScrapeBatch current = client.resources(ScrapeBatch.class).inNamespace(ns).withName(name).get();
    return current != null && uid.equals(current.getMetadata().getUid()) && !finished(current);
  }

  private static boolean finished(ScrapeBatch batch) {
    return Optional.ofNullable(phase(batch)).map(Phase::isTerminal).orElse(false);
  }

  private Lease lease(ScrapeBatch batch, TableId table, String resourceVersion) {
    return new LeaseBuilder()
        .withNewMetadata()
        .withName(leaseName(table))
        .withNamespace(namespace)
        .withResourceVersion(resourceVersion)
        .addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
        .addToAnnotations(Map.of(HOLDER_UID, batch.getMetadata().getUid(), TABLE, table.location()))
        .endMetadata()
        .withNewSpec()
        .withHolderIdentity(name(batch))
        .withAcquireTime(clock.instant().atZone(ZoneOffset.UTC))
        .endSpec()
        .build();
  }

  private static boolean ownedBy(Pod pod, String uid) {
    return Optional.ofNullable(pod.getMetadata().getOwnerReferences()).orElse(List.of()).stream()
        .anyMatch(o -> uid.equals(o.getUid()));
  }

  private static boolean livePhase(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return PodObservations.phase(phase).live();
  }

  private static String label(Pod pod, String key) {
    return Optional.ofNullable(pod.getMetadata().getLabels()).map(l -> l.get(key)).orElse(null);
  }

  private static Phase phase(ScrapeBatch batch) {
    return batch.getStatus() == null ? null : batch.getStatus().phase();
  }

  private static String holder(Lease lease) {
    return Optional.ofNullable(lease.getSpec()).map(s -> s.getHolderIdentity()).orElse("?");
  }

  private static String holderUid(Lease lease) {
    return Optional.ofNullable(lease.getMetadata().getAnnotations())
        .map(a -> a.get(HOLDER_UID))
        .orElse("");
  }

  static String name(ScrapeBatch batch) {
    return batch.getMetadata().getNamespace() + "/" + batch.getMetadata().getName();
  }

  /**
   * The batches a change of a table's Lease concerns: those of the table that have not finished
   * (one may launch now), and its holder (which may have to release it). Finished batches, however
   * many a table has, are not woken.
   */
  public static Set<ResourceID> waitingOn(Lease lease, IndexedResourceCache<ScrapeBatch> batches) {
    String holder = holderUid(lease);
    return tableHash(lease)
        .map(
            hash ->
                batches.byIndex(TABLE_INDEX, hash).stream()
                    .filter(b -> !finished(b) || holder.equals(b.getMetadata().getUid()))
                    .map(ResourceID::fromResource)
                    .collect(Collectors.toSet()))
        .orElse(Set.of());
  }
}
