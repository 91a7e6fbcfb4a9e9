package io.scrapebatch.operator.policy;

import io.scrapebatch.api.v1alpha1.ScrapeBatchStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one reconciliation must do: the new status, the API actions that make it true, the events
 * users must see, and when to look again if nothing else changes.
 */
public record Plan(
    ScrapeBatchStatus status,
    List<Action> actions,
    List<Note> notes,
    Optional<Duration> requeueAfter) {

  public Plan {
    actions = List.copyOf(actions);
    notes = List.copyOf(notes);
  }

  /** An API call the reconciler performs. */
  public sealed interface Action {
    /**
     * Claim the batch's tables, then create (if absent) the driver pod, Service and ConfigMap of
     * {@code attempt}. A claim another batch won first stops the launch.
     */
    record LaunchAttempt(int attempt, SparkSizing sizing) implements Action {}

    /** Give up the batch's table locks: it finished and none of its drivers runs any more. */
    record ReleaseTables() implements Action {}

    /** Delete a pod that overran a timeout. */
    record DeletePod(String name, String why) implements Action {}

    /** Delete the batch itself: its TTL after finishing has passed. */
    record DeleteBatch(String why) implements Action {}
  }

  /** A Kubernetes Event on the batch. */
  public record Note(boolean warning, String reason, String message) {
    public static Note normal(String reason, String message) {
      return new Note(false, reason, message);
    }

    public static Note warning(String reason, String message) {
      return new Note(true, reason, message);
    }
  }
}
