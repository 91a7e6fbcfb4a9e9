package io.scrapebatch.operator.policy;

import io.scrapebatch.api.v1alpha1.BatchResult;
import io.scrapebatch.api.v1alpha1.Condition;
import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.api.v1alpha1.Progress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a batch is, as the lifecycle works with it: immutable, with times as {@link Instant} and
 * absent values as {@link Optional}. {@link StatusCodec} converts it from and to {@code
 * ScrapeBatchStatus}, once per reconciliation; every transition returns a new one.
 *
 * @param conditions the conditions last written, kept for their transition times
 * @param lastAttempt the highest attempt number ever used; it continues across re-runs so no pod
 *     name repeats
 * @param attempts the attempts of the current run that the status lists, oldest first
 * @param dropped those of the run it no longer lists
 * @param nextAttemptAt when the next attempt starts, or the input is measured again
 * @param inputProbeFailures consecutive failures to reach the input's storage
 */
public record BatchState(
    Phase phase,
    Optional<String> message,
    long observedGeneration,
    List<Condition> conditions,
    int lastAttempt,
    Optional<String> observedRerun,
    Optional<MeasuredInput> input,
    List<Attempt> attempts,
    AttemptsDropped dropped,
    Optional<BatchResult> result,
    Optional<Progress> progress,
    Optional<Instant> nextAttemptAt,
    Optional<Instant> finishedAt,
    int inputProbeFailures) {

  public BatchState {
    conditions = List.copyOf(conditions);
    attempts = List.copyOf(attempts);
  }

  /** A batch the operator has never written: Pending, nothing measured, no attempt. */
  static BatchState initial(long generation) {
    return new BatchState(
        Phase.Pending,
        Optional.empty(),
        generation,
        List.of(),
        0,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        AttemptsDropped.NONE,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        0);
  }

  public boolean finished() {
    return phase.isTerminal();
  }

  public Optional<Attempt> current() {
    return attempts.isEmpty() ? Optional.empty() : Optional.of(attempts.get(attempts.size() - 1));
  }

  /** The attempts before the current one. */
  public List<Attempt> earlier() {
    return attempts.isEmpty() ? List.of() : attempts.subList(0, attempts.size() - 1);
  }

  BatchState withPhase(Phase next, String why) {
    return new BatchState(
        next,
        Optional.ofNullable(why),
        observedGeneration,
        conditions,
        lastAttempt,
        observedRerun,
        input,
        attempts,
        dropped,
        result,
        progress,
        nextAttemptAt,
        finishedAt,
        inputProbeFailures);
  }

  /** The input as measured; earlier failures to reach its storage no longer count. */
  BatchState withInput(MeasuredInput measured) {
    return new BatchState(
        phase,
        message,
        observedGeneration,
        conditions,
        lastAttempt,
        observedRerun,
        Optional.of(measured),
        attempts,
        dropped,
        result,
        progress,
        Optional.empty(),
        finishedAt,
        0);
  }

  /**
   * Replaces the current attempt when {@code attempt} has its number, else appends it; beyond
   * {@link StatusLimits#ATTEMPTS} the oldest but the first is summed up in {@link #dropped}.
   */
  BatchState withAttempt(Attempt attempt) {
    var all = new ArrayList<>(attempts);
    var summary = dropped;
    if (current().filter(c -> c.number() == attempt.number()).isPresent()) {
      all.set(all.size() - 1, attempt);
    } else {
      all.add(attempt);
      if (all.size() > StatusLimits.ATTEMPTS) {
        summary = summary.plus(all.remove(1));
      }
    }
    return new BatchState(
        phase,
        message,
        observedGeneration,
        conditions,
        Math.max(lastAttempt, attempt.number()),
        observedRerun,
        input,
        all,
        summary,
        result,
        progress,
        nextAttemptAt,
        finishedAt,
        inputProbeFailures);
  }

  /** Attempts of the current run so far, those no longer listed included. */
  public int attemptsInRun() {
    return attempts.size() + dropped.count();
  }

  BatchState withResult(Optional<BatchResult> counts) {
    return new BatchState(
        phase,
        message,
        observedGeneration,
        conditions,
        lastAttempt,
        observedRerun,
        input,
        attempts,
        dropped,
        counts,
        progress,
        nextAttemptAt,
        finishedAt,
        inputProbeFailures);
  }

  BatchState withProgress(Optional<Progress> live) {
    return new BatchState(
        phase,
        message,
        observedGeneration,
        conditions,
        lastAttempt,
        observedRerun,
        input,
        attempts,
        dropped,
        result,
        live,
        nextAttemptAt,
        finishedAt,
        inputProbeFailures);
  }

  BatchState withNextAttemptAt(Optional<Instant> at) {
    return new BatchState(
        phase,
        message,
        observedGeneration,
        conditions,
        lastAttempt,
        observedRerun,
        input,
        attempts,
        dropped,
        result,
        progress,
        at,
        finishedAt,
        inputProbeFailures);
  }

  BatchState withFinishedAt(Instant at) {
    return new BatchState(
        phase,
        message,
        observedGeneration,
        conditions,
        lastAttempt,
        observedRerun,
        input,
        attempts,
        dropped,
        result,
        progress,
        Optional.empty(),
        Optional.of(at),
        inputProbeFailures);
  }

  /** Forgets the previous run's outcome for {@code rerun}; attempt numbers continue. */
  BatchState newRun(String rerun) {
    return new BatchState(
        Phase.Pending,
        message,
        observedGeneration,
        conditions,
        lastAttempt,
        Optional.of(rerun),
        Optional.empty(),
        List.of(),
        AttemptsDropped.NONE,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        0);
  }

  /**
   * The run launched nothing yet: its measurement and its planned attempt go, so that the current
   * spec is measured and planned afresh; the planned attempt's number is used again.
   */
  BatchState unlaunched() {
    return new BatchState(
        phase,
        message,
        observedGeneration,
        conditions,
        lastAttempt - attempts.size(),
        observedRerun,
        Optional.empty(),
        List.of(),
        dropped,
        result,
        progress,
        Optional.empty(),
        finishedAt,
        0);
  }

  /** The input's storage could not be reached again; the next try is at {@code retryAt}. */
  BatchState withInputUnreachable(int failures, Instant retryAt) {
    return new BatchState(
        phase,
        message,
        observedGeneration,
        conditions,
        lastAttempt,
        observedRerun,
        input,
        attempts,
        dropped,
        result,
        progress,
        Optional.of(retryAt),
        finishedAt,
        failures);
  }
}
