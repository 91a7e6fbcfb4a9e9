package io.scrapebatch.operator.policy;

import io.scrapebatch.api.v1alpha1.RetrySpec;
import java.time.Duration;

/** A batch's {@code spec.retry}, with the CRD's defaults for anything unset. */
public record RetrySettings(
    int maxAttempts, Duration backoff, Duration maxBackoff, double memoryGrowthFactor) {

  public static RetrySettings from(RetrySpec retry) {
    RetrySpec r = retry != null ? retry : RetrySpec.UNSET;
    return new RetrySettings(
        r.maxAttemptsOrDefault(),
        GoDuration.parse(r.backoffOrDefault()),
        GoDuration.parse(r.maxBackoffOrDefault()),
        r.memoryGrowthFactorOrDefault());
  }

  /**
   * {@link #backoffBefore} with "equal jitter": between half of it and all of it, by {@code
   * fraction} in [0, 1). Never longer than the plain backoff, so {@code maxBackoff} holds.
   */
  public Duration jitteredBackoffBefore(int retry, double fraction) {
    Duration full = backoffBefore(retry);
    long half = full.toMillis() / 2;
    return Duration.ofMillis(half + Math.round(fraction * (full.toMillis() - half)));
  }

  /** Exponential backoff: {@code backoff × 2^(retry-1)}, at most {@code maxBackoff}. */
  public Duration backoffBefore(int retry) {
    Duration wait = backoff.multipliedBy(1L << Math.min(20, Math.max(0, retry - 1)));
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
