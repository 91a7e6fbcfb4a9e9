package io.scrapebatch.etl;

import io.scrapebatch.api.job.ExitCode;
import io.scrapebatch.api.v1alpha1.FailureClass;
import java.util.List;

/**
 * A classified failure: the exit code, the failure class for the report (which can be more precise
 * than the code, e.g. ExecutorOOM under UNKNOWN) and short evidence.
 */
public record Failure(
    ExitCode exitCode, FailureClass failureClass, String message, List<String> evidence) {

  public Failure {
    evidence = List.copyOf(evidence);
  }
}
