package io.scrapebatch.api.job;

/** Names both sides of the operator-job contract must agree on. */
public final class JobContract {
  /** Where the job writes its {@link TerminationReport}; Kubernetes copies it into the status. */
  public static final String TERMINATION_MESSAGE_PATH = "/dev/termination-log";

  /** Kubernetes keeps at most this many bytes of a termination message. */
  public static final int TERMINATION_MESSAGE_MAX_BYTES = 4096;

  /** Annotation on the driver pod carrying live {@code v1alpha1.Progress} JSON. */
  public static final String PROGRESS_ANNOTATION = "scrapebatch.io/progress";

  private JobContract() {}
}
