package io.scrapebatch.operator.policy;

import java.time.Instant;

/** The input a run's first attempt was sized from, and when it was measured. */
public record MeasuredInput(InputSize size, Instant measuredAt) {}
