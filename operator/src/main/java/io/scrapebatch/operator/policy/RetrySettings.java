package io.scrapebatch.operator.policy;

import io.scrapebatch.api.v1alpha1.RetrySpec;
import java.time.Duration;
import java.util.Optional;

/** A batch's {@code spec.retry}, with the CRD's defaults for anything unset. */
public record RetrySettings(
    int maxAttempts, Duration backoff, Duration maxBackoff, double memoryGrowthFactor) {

  public static RetrySettings from(RetrySpec retry) {
    RetrySpec r = retry != null ? retry : new RetrySpec(null, null, null, null);
    return new RetrySettings(
        Optional.ofNullable(r.maxAttempts()).orElse(3),
        GoDuration.parse(Optional.ofNullable(r.backoff()).orElse("30s")),
        GoDuration.parse(Optional.ofNullable(r.maxBackoff()).orElse("10m")),
        Optional.ofNullable(r.memoryGrowthFactor()).orElse(1.5));
  }

  /** Exponential backoff: {@code backoff × 2^(retry-1)}, at most {@code maxBackoff}. */
  public Duration backoffBefore(int retry) {
    Duration wait = backoff.multipliedBy(1L << Math.min(20, Math.max(0, retry - 1)));
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
