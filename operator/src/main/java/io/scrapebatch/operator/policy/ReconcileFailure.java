package io.scrapebatch.operator.policy;

import io.scrapebatch.api.v1alpha1.ScrapeBatchStatus;
import java.time.Instant;

/**
 * What a batch shows when a reconciliation could not carry out its plan (a pod create refused by a
 * ResourceQuota, RBAC or an admission webhook): its phase stays, the message and the conditions say
 * what the API server answered and when the operator tries again. The next reconciliation that gets
 * through writes its own message over it.
 *
 * @param error the API server's answer (or the exception's message)
 * @param retry which consecutive failure this is, from 1
 * @param backoff how the operator tries again, for the message
 */
public record ReconcileFailure(String error, int retry, String backoff) {
  static final String EVENT_REASON = "ReconcileFailed";

  public ReconcileFailure {
    error = StatusLimits.shorten(error, StatusLimits.MESSAGE_CHARS);
  }

  public String message() {
    return "the operator could not act on the batch (failure %d, %s): %s"
        .formatted(retry, backoff, error);
  }

  /** The batch's status with this failure in its message and conditions. */
  public ScrapeBatchStatus status(ScrapeBatchStatus current, long generation, Instant now) {
    var state = StatusCodec.state(current, generation);
    return StatusCodec.status(state.withPhase(state.phase(), message()), now);
  }

  public Plan.Note event() {
    return Plan.Note.warning(EVENT_REASON, message());
  }
}
