package io.scrapebatch.operator.policy;

import io.scrapebatch.api.v1alpha1.AttemptStatus;
import io.scrapebatch.api.v1alpha1.BatchResult;
import io.scrapebatch.api.v1alpha1.Condition;
import io.scrapebatch.api.v1alpha1.InputMeasurement;
import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.api.v1alpha1.Progress;
import io.scrapebatch.api.v1alpha1.ScrapeBatchStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A mutable copy of a status that {@link BatchLifecycle} edits and turns back into a record. */
final class StatusDraft {
  Phase phase;
  long observedGeneration;
  List<Condition> conditions;
  Integer attempt;
  InputMeasurement input;
  final List<AttemptStatus> attempts;
  BatchResult result;
  Progress progress;
  String message;
  String nextAttemptAt;
  String finishedAt;
  String observedRerun;

  private StatusDraft(ScrapeBatchStatus s, long generation) {
    phase = s.phase() != null ? s.phase() : Phase.Pending;
    observedGeneration = generation;
    conditions = s.conditions() != null ? s.conditions() : List.of();
    attempt = s.attempt();
    input = s.input();
    attempts = s.attempts() != null ? new ArrayList<>(s.attempts()) : new ArrayList<>();
    result = s.result();
    progress = s.progress();
    message = s.message();
    nextAttemptAt = s.nextAttemptAt();
    finishedAt = s.finishedAt();
    observedRerun = s.observedRerun();
  }

  static StatusDraft of(ScrapeBatchStatus status, long generation) {
    return new StatusDraft(
        status != null
            ? status
            : new ScrapeBatchStatus(
                null, null, null, null, null, null, null, null, null, null, null, null),
        generation);
  }

  Optional<AttemptStatus> current() {
    return attempts.isEmpty() ? Optional.empty() : Optional.of(attempts.get(attempts.size() - 1));
  }

  int lastAttemptNumber() {
    return attempt == null ? 0 : attempt;
  }

  void replaceCurrent(AttemptStatus updated) {
    attempts.set(attempts.size() - 1, updated);
  }

  void addAttempt(AttemptStatus next) {
    attempts.add(next);
    attempt = next.number();
  }

  /** Forget the previous run's outcome; attempt numbers continue so pod names never repeat. */
  void startNewRun(String rerun) {
    observedRerun = rerun;
    attempts.clear();
    input = null;
    result = null;
    progress = null;
    nextAttemptAt = null;
    finishedAt = null;
    phase = Phase.Pending;
  }

  ScrapeBatchStatus build(Instant now) {
    return new ScrapeBatchStatus(
        phase,
        observedGeneration,
        Conditions.forPhase(phase, message, observedGeneration, conditions, now),
        attempt,
        input,
        attempts.isEmpty() ? null : List.copyOf(attempts),
        result,
        progress,
        message,
        nextAttemptAt,
        finishedAt,
        observedRerun);
  }
}
