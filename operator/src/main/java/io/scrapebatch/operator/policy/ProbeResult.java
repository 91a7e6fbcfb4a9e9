package io.scrapebatch.operator.policy;

/** The outcome of measuring a batch's input. */
public sealed interface ProbeResult {
  record Measured(InputSize size) implements ProbeResult {}

  /**
   * Nothing to process, or nothing a retry can change: no files matched, the bucket does not exist,
   * access is denied. The batch fails with {@code why}.
   */
  record Unavailable(String why) implements ProbeResult {}

  /** The storage could not be reached (connection refused, timeout): measured again later. */
  record Unreachable(String why) implements ProbeResult {}
}
