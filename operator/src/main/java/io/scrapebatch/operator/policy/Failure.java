package io.scrapebatch.operator.policy;

import io.scrapebatch.api.v1alpha1.FailureClass;
import io.scrapebatch.api.v1alpha1.FailureStatus;
import java.util.List;
import java.util.Optional;

/** A classified attempt failure and the observations it was read from. */
public record Failure(
    FailureClass type,
    String message,
    List<String> evidence,
    Optional<Integer> exitCode,
    Optional<String> pod) {

  /** Bounded for the status (see {@link StatusLimits}). */
  public Failure {
    message = StatusLimits.shorten(message, StatusLimits.MESSAGE_CHARS);
    evidence = StatusLimits.evidence(evidence);
  }

  public static Failure of(FailureClass type, String message, List<String> evidence) {
    return new Failure(type, message, evidence, Optional.empty(), Optional.empty());
  }

  public Failure from(PodObservation pod) {
    return new Failure(
        type,
        message,
        evidence,
        pod.termination().map(Termination::exitCode),
        Optional.of(pod.name()));
  }

  public FailureStatus toStatus(boolean retryable) {
    return new FailureStatus(
        type,
        retryable,
        message,
        evidence.isEmpty() ? null : evidence,
        exitCode.orElse(null),
        pod.orElse(null));
  }

  public static Failure fromStatus(FailureStatus s) {
    return new Failure(
        s.type(),
        s.message(),
        s.evidence() == null ? List.of() : s.evidence(),
        Optional.ofNullable(s.exitCode()),
        Optional.ofNullable(s.pod()));
  }
}
