package io.scrapebatch.operator.policy;

import io.scrapebatch.api.v1alpha1.AttemptState;
import io.scrapebatch.api.v1alpha1.StageSkew;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One run of the job with one sizing, as the lifecycle works with it; {@link StatusCodec} turns it
 * into {@code status.attempts[]} and back.
 *
 * @param adjustment what changed from the previous attempt and why; empty for a run's first
 * @param startedAt when its driver pod was created (kept across relaunches)
 * @param executorPods the first executors seen for it by name, empty in local mode
 * @param executorsSeen how many executors it had
 * @param gibSeconds memory-time its pods held (limit × run time)
 * @param generation the batch's {@code metadata.generation} whose spec it runs; empty in a status
 *     written before attempts recorded it
 */
public record Attempt(
    int number,
    AttemptState state,
    SparkSizing sizing,
    Optional<String> adjustment,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt,
    Optional<String> driverPod,
    List<String> executorPods,
    int executorsSeen,
    Optional<Failure> failure,
    Optional<StageSkew> skew,
    Optional<Double> gibSeconds,
    Optional<Long> generation) {

  public Attempt {
    executorPods = executorPods.stream().sorted().limit(StatusLimits.EXECUTOR_NAMES).toList();
    executorsSeen = Math.max(executorsSeen, executorPods.size());
  }

  /** Whether it runs the spec of {@code current} (an attempt that did not record it does). */
  boolean runs(long current) {
    return generation.map(g -> g == current).orElse(true);
  }

  /** Sized, not yet launched. */
  static Attempt planned(
      int number, SparkSizing sizing, Optional<String> adjustment, long generation) {
    return new Attempt(
        number,
        AttemptState.Pending,
        sizing,
        adjustment,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        0,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(generation));
  }

  /** Its driver was (re)created now; a relaunch after an informer lag keeps the first time. */
  Attempt launched(String driver, Instant now) {
    return new Attempt(
        number,
        AttemptState.Pending,
        sizing,
        adjustment,
        startedAt.or(() -> Optional.of(now)),
        Optional.empty(),
        Optional.of(driver),
        List.of(),
        0,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        generation);
  }

  /** Its driver is seen; an adopted driver (launch never recorded) started when it was created. */
  Attempt observed(AttemptState now, PodObservation driver) {
    return new Attempt(
        number,
        now,
        sizing,
        adjustment,
        startedAt.or(() -> Optional.of(driver.createdAt())),
        finishedAt,
        Optional.of(driver.name()),
        executorPods,
        executorsSeen,
        failure,
        skew,
        gibSeconds,
        generation);
  }

  /** While it runs: the executors seen so far and the memory-time used. */
  Attempt running(List<String> executors, double gibSecondsSoFar) {
    return new Attempt(
        number,
        AttemptState.Running,
        sizing,
        adjustment,
        startedAt,
        Optional.empty(),
        driverPod,
        executors,
        executors.size(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(gibSecondsSoFar),
        generation);
  }

  /** Its end: executors seen (or those recorded before), failure, the job's skew figures. */
  Attempt ended(
      AttemptState end,
      Instant at,
      List<String> executors,
      Optional<Failure> why,
      Optional<StageSkew> worstStage,
      Optional<Double> gibSecondsUsed) {
    return new Attempt(
        number,
        end,
        sizing,
        adjustment,
        startedAt,
        Optional.of(at),
        driverPod,
        executors.isEmpty() ? executorPods : executors,
        executors.isEmpty() ? executorsSeen : executors.size(),
        why,
        worstStage,
        gibSecondsUsed.or(() -> gibSeconds),
        generation);
  }
}
