package io.scrapebatch.operator.policy;

/** Measures a batch's input before the first attempt is sized. */
public interface InputProbe {
  ProbeResult measure(InputLocation location);
}
