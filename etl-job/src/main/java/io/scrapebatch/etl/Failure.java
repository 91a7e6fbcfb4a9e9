package io.scrapebatch.etl;

import io.scrapebatch.api.job.ExitCode;
import io.scrapebatch.api.v1alpha1.FailureClass;
import java.util.List;

/** A classified failure: the exit code the job ends with, a one-line message, short evidence. */
public record Failure(ExitCode exitCode, String message, List<String> evidence) {

  public Failure {
    evidence = List.copyOf(evidence);
  }

  /** The class the report names: the one the exit code implies. */
  public FailureClass failureClass() {
    return exitCode.failureClass().orElse(FailureClass.Unknown);
  }
}
