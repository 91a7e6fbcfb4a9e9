package io.scrapebatch.etl;

import io.scrapebatch.api.v1alpha1.Progress;

/** Where live progress goes: the log now; the driver pod's annotation when run by the operator. */
@FunctionalInterface
public interface ProgressSink {
  void publish(Progress progress);
}
