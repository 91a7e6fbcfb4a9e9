package io.scrapebatch.operator.policy;

import io.scrapebatch.api.job.TerminationReport;
import io.scrapebatch.api.v1alpha1.AttemptState;
import io.scrapebatch.api.v1alpha1.BatchResult;
import io.scrapebatch.api.v1alpha1.FailureClass;
import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.api.v1alpha1.Timeouts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Follows the current attempt's driver pod to its end, one transition per thing the driver can be
 * doing: not there yet (launch it, or wait out a retry's backoff), pending, running, succeeded,
 * failed (classify, then retry with an adjusted sizing or stop).
 */
final class AttemptObserver {
  /** How often a queued batch looks again if no event wakes it first. */
  static final Duration QUEUED_RECHECK = Duration.ofSeconds(30);

  private final FailureClassifier classifier;
  private final RetryPolicy retryPolicy;

  AttemptObserver(FailureClassifier classifier, RetryPolicy retryPolicy) {
    this.classifier = classifier;
    this.retryPolicy = retryPolicy;
  }

  Transition follow(BatchState state, BatchSnapshot s) {
    Attempt attempt = state.current().orElseThrow();
    var observed = new Observed(s, attempt.number(), attempt.driverPod());
    var limits = Deadlines.of(s.spec().timeouts());
    Optional<PodObservation> driver = observed.driver();
    if (driver.isEmpty()) {
      return noDriver(state, attempt, s, limits);
    }
    PodObservation pod = driver.get();
    return switch (pod.phase()) {
      case Pending, Unknown -> pending(state, attempt, pod, s, limits);
      case Running -> running(state, attempt, pod, observed.executors(), s, limits);
      case Succeeded -> succeeded(state, attempt, pod, s);
      case Failed -> {
        var report = JobOutput.report(pod);
        var failure =
            classifier.classify(
                pod,
                observed.executors(),
                report,
                state.earlier().stream().flatMap(a -> a.failure().stream()).toList());
        yield failed(state, attempt, failure, report, s);
      }
    };
  }

  /** No driver: launch one, unless a retry's backoff is still running or the driver was lost. */
  private Transition noDriver(
      BatchState state, Attempt attempt, BatchSnapshot s, Deadlines limits) {
    if (attempt.state() != AttemptState.Pending) {
      var lost =
          Failure.of(
              FailureClass.Infrastructure,
              "the driver pod disappeared while running",
              List.of(
                  "pod "
                      + new ResourceNames(s.name(), s.uid(), attempt.number()).driverPod()
                      + " no longer exists"));
      return failed(state, attempt, lost, Optional.empty(), s);
    }
    if (!attempt.runs(s.generation())) {
      String before = state.message().map(m -> m + "; ").orElse("");
      return Transition.stay(state).finish(Phase.Failed, before + specChanged(attempt, s), s.now());
    }
    Optional<Instant> backoffEnd = state.nextAttemptAt().filter(s.now()::isBefore);
    if (backoffEnd.isPresent()) {
      return Transition.stay(state)
          .moveTo(Phase.Retrying, state.message().orElse(null))
          .requeueAfter(Duration.between(s.now(), backoffEnd.get()));
    }
    if (s.tables().blocker().isPresent()) {
      return queued(state, attempt, s.tables().blocker().get());
    }
    return launch(state, attempt, s).requeueAfter(limits.pending());
  }

  /**
   * A run keeps the generation it started with: its attempts share one input measurement and one
   * quarantine, which a later contract must not be combined with. The edit applies through {@code
   * spec.rerun}.
   */
  private static String specChanged(Attempt attempt, BatchSnapshot s) {
    return ("attempt %d not launched: the spec changed to generation %d while the run of"
            + " generation %d was under way; set spec.rerun to run the new spec")
        .formatted(attempt.number(), s.generation(), attempt.generation().orElse(s.generation()));
  }

  /**
   * One writer per table: wait until the other batch is done. The lock's release (or the other
   * batch's end) wakes this batch; the requeue is a safety net.
   */
  private static Transition queued(BatchState state, Attempt attempt, TableHolder holder) {
    return Transition.stay(state)
        .moveTo(Phase.Queued, "attempt %d waits: %s".formatted(attempt.number(), holder.describe()))
        .requeueAfter(QUEUED_RECHECK);
  }

  /** Creates the attempt's driver (if absent): a relaunch after a lag or a restart is harmless. */
  private static Transition launch(BatchState state, Attempt attempt, BatchSnapshot s) {
    var names = new ResourceNames(s.name(), s.uid(), attempt.number());
    var launched =
        state
            .withAttempt(attempt.launched(names.driverPod(), s.now()))
            .withNextAttemptAt(Optional.empty())
            .withProgress(Optional.empty());
    // The first launch of a run also says what was measured (one event, not two).
    String input =
        launched.attemptsInRun() == 1
            ? launched.input().map(i -> "; input " + i.size().describe()).orElse("")
            : "";
    return Transition.stay(launched)
        .act(new Plan.Action.LaunchAttempt(attempt.number(), attempt.sizing()))
        .moveTo(
            Phase.Launching,
            "attempt %d: %s%s".formatted(attempt.number(), attempt.sizing().describe(), input));
  }

  private Transition pending(
      BatchState state, Attempt attempt, PodObservation pod, BatchSnapshot s, Deadlines limits) {
    Instant deadline = pod.createdAt().plus(limits.pending());
    String why =
        pod.unschedulable()
            .map(u -> "unschedulable: " + u)
            .or(pod::waitingReason)
            .map(r -> " (" + r + ")")
            .orElse("");
    if (!s.now().isBefore(deadline)) {
      var failure =
          classifier.timedOut(
              pod,
              "the driver pod stayed Pending longer than %s%s".formatted(limits.pending(), why));
      return Transition.stay(state)
          .act(new Plan.Action.DeletePod(pod.name(), "pending timeout"))
          .then(st -> failed(st, attempt, failure, Optional.empty(), s));
    }
    // Without a reason to report, the launch message stands (and no status write is needed).
    String message =
        why.isEmpty() && state.phase() == Phase.Launching
            ? state.message().orElse(null)
            : "attempt %d: waiting for driver pod %s to start%s"
                .formatted(attempt.number(), pod.name(), why);
    return Transition.stay(state.withAttempt(attempt.observed(AttemptState.Pending, pod)))
        .moveTo(Phase.Launching, message)
        .requeueAfter(Duration.between(s.now(), deadline));
  }

  private Transition running(
      BatchState state,
      Attempt attempt,
      PodObservation pod,
      List<PodObservation> executors,
      BatchSnapshot s,
      Deadlines limits) {
    Instant deadline = pod.startedAt().orElse(pod.createdAt()).plus(limits.attempt());
    if (!s.now().isBefore(deadline)) {
      var failure =
          classifier.timedOut(pod, "the attempt ran longer than %s".formatted(limits.attempt()));
      return Transition.stay(state)
          .act(new Plan.Action.DeletePod(pod.name(), "attempt timeout"))
          .then(st -> failed(st, attempt, failure, Optional.empty(), s));
    }
    var stalled = stalledExecutors(executors, s.now(), limits.pending());
    if (!stalled.isEmpty()) {
      var failure = classifier.executorsPending(pod, stalled, limits.pending());
      return Transition.stay(state)
          .act(new Plan.Action.DeletePod(pod.name(), "executors pending timeout"))
          .then(st -> failed(st, attempt, failure, Optional.empty(), s));
    }
    var running =
        attempt
            .observed(AttemptState.Running, pod)
            .running(
                executors.stream().map(PodObservation::name).toList(),
                gibSeconds(pod, executors, s.now()));
    var next = state.withAttempt(running).withProgress(JobOutput.progress(pod).or(state::progress));
    String step =
        next.progress()
            .map(p -> ": %s, %d/%d tasks".formatted(p.step(), p.tasksDone(), p.tasksTotal()))
            .orElse("");
    var t =
        Transition.stay(next)
            .moveTo(Phase.Running, "attempt %d running%s".formatted(attempt.number(), step))
            .requeueAfter(Duration.between(s.now(), deadline));
    // While no executor runs, look again when the first pending one reaches its timeout.
    return pendingDeadline(executors, limits.pending())
        .map(at -> t.requeueAfter(Duration.between(s.now(), at)))
        .orElse(t);
  }

  /**
   * The executors that stayed Pending past {@code limit} while none of the attempt's executors
   * runs: the attempt cannot make progress (after a memory increase no node may fit them). With
   * some executors running, Spark works with those, and the attempt timeout bounds it.
   */
  static List<PodObservation> stalledExecutors(
      List<PodObservation> executors, Instant now, Duration limit) {
    if (executors.stream().anyMatch(e -> e.phase() == PodPhase.Running)) {
      return List.of();
    }
    return executors.stream()
        .filter(e -> e.phase() == PodPhase.Pending)
        .filter(e -> !now.isBefore(e.createdAt().plus(limit)))
        .toList();
  }

  private static Optional<Instant> pendingDeadline(List<PodObservation> executors, Duration limit) {
    if (executors.stream().anyMatch(e -> e.phase() == PodPhase.Running)) {
      return Optional.empty();
    }
    return executors.stream()
        .filter(e -> e.phase() == PodPhase.Pending)
        .map(e -> e.createdAt().plus(limit))
        .min(Instant::compareTo);
  }

  private static Transition succeeded(
      BatchState state, Attempt attempt, PodObservation pod, BatchSnapshot s) {
    var report = JobOutput.report(pod);
    var result = report.map(TerminationReport::result);
    var next =
        state
            .withAttempt(
                ended(
                    attempt, AttemptState.Succeeded, Optional.of(pod), Optional.empty(), report, s))
            .withResult(result);
    String message =
        result
                .map(r -> summary(r, s.spec().target().table()))
                .orElse("the job succeeded but left no report")
            + (attempt.runs(s.generation())
                ? ""
                : "; it ran generation %d, generation %d applies through spec.rerun"
                    .formatted(attempt.generation().orElseThrow(), s.generation()));
    return Transition.stay(next).finish(Phase.Succeeded, message, s.now());
  }

  private Transition failed(
      BatchState state,
      Attempt attempt,
      Failure failure,
      Optional<TerminationReport> report,
      BatchSnapshot s) {
    var driver = s.pods().stream().filter(p -> attempt.driverPod().equals(Optional.of(p.name())));
    var next =
        state.withAttempt(
            ended(
                attempt, AttemptState.Failed, driver.findFirst(), Optional.of(failure), report, s));
    var counts = report.map(TerminationReport::result);
    if (counts.isPresent()) {
      next = next.withResult(counts);
    }
    var decision =
        retryPolicy.decide(
            failure,
            attempt.sizing(),
            SizingCaps.from(s.spec().resources()),
            RetrySettings.from(s.spec().retry()),
            next.input().orElseThrow().size(),
            next.attemptsInRun(),
            new Jitter(s.uid() + "/" + attempt.number()),
            s.now());
    String what =
        "attempt %d failed: %s: %s".formatted(attempt.number(), failure.type(), failure.message());
    if (decision instanceof RetryDecision.Retry && !attempt.runs(s.generation())) {
      var following = attempt.number() + 1;
      return Transition.stay(next)
          .finish(
              Phase.Failed,
              what
                  + "; "
                  + specChanged(
                      Attempt.planned(
                          following,
                          attempt.sizing(),
                          Optional.empty(),
                          attempt.generation().orElseThrow()),
                      s),
              s.now());
    }
    if (decision instanceof RetryDecision.Retry retry) {
      var following =
          Attempt.planned(
              attempt.number() + 1,
              retry.sizing(),
              Optional.of(retry.adjustment()),
              attempt.generation().orElse(s.generation()));
      return Transition.stay(next.withAttempt(following).withNextAttemptAt(Optional.of(retry.at())))
          .moveTo(
              Phase.Retrying,
              "%s; attempt %d at %s with %s"
                  .formatted(what, following.number(), retry.at(), retry.adjustment()))
          .requeueAfter(Duration.between(s.now(), retry.at()));
    }
    return Transition.stay(next)
        .finish(Phase.Failed, ((RetryDecision.GiveUp) decision).reason(), s.now());
  }

  /** The attempt's end as its driver (when still there) and executors show it. */
  private static Attempt ended(
      Attempt a,
      AttemptState end,
      Optional<PodObservation> driver,
      Optional<Failure> failure,
      Optional<TerminationReport> report,
      BatchSnapshot s) {
    var executors = new Observed(s, a.number(), a.driverPod()).executors();
    return a.ended(
        end,
        driver.flatMap(PodObservation::finishedAt).orElse(s.now()),
        executors.stream().map(PodObservation::name).toList(),
        failure,
        report.map(TerminationReport::skew),
        driver.map(d -> gibSeconds(d, executors, s.now())));
  }

  /** Memory-time the attempt's pods held: limit (GiB) × seconds, summed. */
  static double gibSeconds(PodObservation driver, List<PodObservation> executors, Instant now) {
    double total = driver.memoryLimit().mib() / 1024.0 * driver.secondsUsed(now);
    for (PodObservation e : executors) {
      total += e.memoryLimit().mib() / 1024.0 * e.secondsUsed(now);
    }
    return Math.round(total * 10) / 10.0;
  }

  private static String summary(BatchResult r, String table) {
    return ("merged %d new record(s) into %s (Delta version %s); %d quarantined, %d duplicate(s)"
            + " in the batch, %d already present")
        .formatted(
            nz(r.recordsWritten()),
            table,
            r.deltaVersion(),
            nz(r.recordsQuarantined()),
            nz(r.duplicatesInBatch()),
            nz(r.alreadyPresent()));
  }

  private static long nz(Long value) {
    return value == null ? 0 : value;
  }

  /** The attempt's pods among those observed. */
  /**
   * @param launched the driver's name as recorded at launch: an attempt launched by an operator
   *     that named pods differently (before long names were cut to Spark's limits) is still found
   */
  private record Observed(BatchSnapshot s, int attempt, Optional<String> launched) {
    Optional<PodObservation> driver() {
      String name =
          launched.orElseGet(() -> new ResourceNames(s.name(), s.uid(), attempt).driverPod());
      return s.pods().stream()
          .filter(p -> p.role() == PodRole.DRIVER && p.name().equals(name))
          .findFirst();
    }

    List<PodObservation> executors() {
      return s.pods().stream()
          .filter(p -> p.role() == PodRole.EXECUTOR && p.attempt() == attempt)
          .toList();
    }
  }

  /** How long an attempt may wait for its driver and run, from {@code spec.timeouts}. */
  private record Deadlines(Duration pending, Duration attempt) {
    static Deadlines of(Timeouts timeouts) {
      Timeouts t = timeouts != null ? timeouts : Timeouts.UNSET;
      return new Deadlines(
          GoDuration.parse(t.pendingOrDefault()), GoDuration.parse(t.attemptOrDefault()));
    }
  }
}
