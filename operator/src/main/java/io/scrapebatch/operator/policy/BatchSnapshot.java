package io.scrapebatch.operator.policy;

import io.scrapebatch.api.v1alpha1.ScrapeBatchSpec;
import io.scrapebatch.api.v1alpha1.ScrapeBatchStatus;
import java.time.Instant;
import java.util.List;

/**
 * Everything {@link BatchLifecycle} decides from besides its input probe: the batch as stored, its
 * pods as observed, and the time.
 *
 * @param status null for a batch the operator has never written
 */
public record BatchSnapshot(
    String name,
    String uid,
    long generation,
    ScrapeBatchSpec spec,
    ScrapeBatchStatus status,
    List<PodObservation> pods,
    Instant now) {

  public BatchSnapshot {
    pods = List.copyOf(pods);
  }
}
