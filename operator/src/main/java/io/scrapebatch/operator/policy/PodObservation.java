package io.scrapebatch.operator.policy;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the operator knows about one pod of a batch, read from the API server. A plain value so that
 * classification and lifecycle decisions are pure functions, testable without a cluster.
 *
 * @param reason pod-level reason such as {@code Evicted}
 * @param waitingReason why the container is not running yet ({@code ErrImagePull}, ...)
 * @param unschedulable the scheduler's message while the pod cannot be placed
 */
public record PodObservation(
    String name,
    PodRole role,
    int attempt,
    PodPhase phase,
    Optional<String> reason,
    Optional<String> message,
    Optional<Termination> termination,
    Optional<String> waitingReason,
    Optional<String> unschedulable,
    Instant createdAt,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    Memory memoryLimit,
    Map<String, String> annotations) {

  public PodObservation {
    annotations = Map.copyOf(annotations);
  }

  public boolean evicted() {
    return reason.filter("Evicted"::equals).isPresent();
  }

  /** Seconds the pod held its memory: from start (or creation) to finish (or {@code now}). */
  public double secondsUsed(Instant now) {
    Instant from = startedAt.orElse(createdAt);
    Instant to = finishedAt.orElse(now);
    return Math.max(0, to.toEpochMilli() - from.toEpochMilli()) / 1000.0;
  }
}
