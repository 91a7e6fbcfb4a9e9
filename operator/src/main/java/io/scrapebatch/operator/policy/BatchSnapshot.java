package io.scrapebatch.operator.policy;

import io.scrapebatch.api.v1alpha1.ScrapeBatchSpec;
import io.scrapebatch.api.v1alpha1.ScrapeBatchStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything {@link BatchLifecycle} decides from: the batch as stored, its pods as observed, the
 * input measurement when one was needed, and the time.
 *
 * @param status null for a batch the operator has never written
 * @param probe present when {@link BatchLifecycle#needsInput} asked for a measurement
 */
public record BatchSnapshot(
    String name,
    String uid,
    long generation,
    ScrapeBatchSpec spec,
    ScrapeBatchStatus status,
    List<PodObservation> pods,
    Optional<ProbeResult> probe,
    Instant now) {

  public BatchSnapshot {
    pods = List.copyOf(pods);
  }
}
