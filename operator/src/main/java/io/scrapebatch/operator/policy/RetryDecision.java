package io.scrapebatch.operator.policy;

import java.time.Instant;

/** What happens after a failed attempt. */
public sealed interface RetryDecision {
  /**
   * Run another attempt at {@code at} with {@code sizing}.
   *
   * @param adjustment what changed and why, in the words {@code status.attempts[].adjustment} shows
   */
  record Retry(Instant at, SparkSizing sizing, String adjustment) implements RetryDecision {}

  /** Stop: the batch fails with {@code reason}. */
  record GiveUp(String reason) implements RetryDecision {}
}
