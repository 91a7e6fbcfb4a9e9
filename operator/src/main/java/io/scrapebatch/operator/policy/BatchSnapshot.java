package io.scrapebatch.operator.policy;

import io.scrapebatch.api.v1alpha1.ScrapeBatchSpec;
import io.scrapebatch.api.v1alpha1.ScrapeBatchStatus;
import java.time.Instant;
import java.util.List;

/**
 * Everything {@link BatchLifecycle} decides from besides its input probe: the batch as stored, its
 * pods as observed, the state of its tables' locks, and the time.
 *
 * @param status null for a batch the operator has never written
 */
public record BatchSnapshot(
    String namespace,
    String name,
    String uid,
    long generation,
    ScrapeBatchSpec spec,
    ScrapeBatchStatus status,
    List<PodObservation> pods,
    TableLock tables,
    Instant now) {

  public BatchSnapshot {
    pods = List.copyOf(pods);
  }

  public BatchSnapshot withTables(TableLock lock) {
    return new BatchSnapshot(namespace, name, uid, generation, spec, status, pods, lock, now);
  }
}
