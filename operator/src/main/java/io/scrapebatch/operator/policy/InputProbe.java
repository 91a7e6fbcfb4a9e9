package io.scrapebatch.operator.policy;

/** Measures a batch's input before the first attempt is sized. */
public interface InputProbe {
  /** Whether this probe can measure {@code uri} (by scheme). */
  boolean supports(String uri);

  ProbeResult measure(String uri);
}
