package io.scrapebatch.operator.policy;

/** The outcome of measuring a batch's input. */
public sealed interface ProbeResult {
  record Measured(InputSize size) implements ProbeResult {}

  /** Nothing to process at the source, or the source could not be read. */
  record Unavailable(String why) implements ProbeResult {}
}
