package io.scrapebatch.operator.policy;

import io.scrapebatch.api.job.TerminationReport;
import io.scrapebatch.api.v1alpha1.AttemptState;
import io.scrapebatch.api.v1alpha1.AttemptStatus;
import io.scrapebatch.api.v1alpha1.BatchResult;
import io.scrapebatch.api.v1alpha1.FailureClass;
import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.api.v1alpha1.StageSkew;
import io.scrapebatch.operator.policy.BatchLifecycle.Deadlines;
import io.scrapebatch.operator.policy.BatchLifecycle.PlanBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Follows the current attempt's driver pod to its end and decides what comes after it. */
final class AttemptObserver {
  private final FailureClassifier classifier;
  private final RetryPolicy retryPolicy;

  AttemptObserver(FailureClassifier classifier, RetryPolicy retryPolicy) {
    this.classifier = classifier;
    this.retryPolicy = retryPolicy;
  }

  void follow(
      AttemptStatus attempt, BatchSnapshot s, StatusDraft d, PlanBuilder out, Deadlines limits) {
    var names = new ResourceNames(s.name(), s.uid(), attempt.number());
    var driver =
        s.pods().stream()
            .filter(p -> p.role() == PodRole.DRIVER && p.name().equals(names.driverPod()))
            .findFirst();
    var executors =
        s.pods().stream()
            .filter(p -> p.role() == PodRole.EXECUTOR && p.attempt() == attempt.number())
            .toList();
    if (driver.isEmpty()) {
      noDriver(attempt, s, d, out, limits, names);
      return;
    }
    PodObservation pod = driver.get();
    switch (pod.phase()) {
      case Pending, Unknown -> pending(attempt, pod, s, out, limits);
      case Running -> running(attempt, pod, executors, s, out, limits);
      case Succeeded -> succeeded(attempt, pod, s, out);
      case Failed -> {
        var report = JobOutput.report(pod);
        failed(attempt, classifier.classify(pod, executors, report, previous(d)), report, s, out);
      }
    }
  }

  private void noDriver(
      AttemptStatus attempt,
      BatchSnapshot s,
      StatusDraft d,
      PlanBuilder out,
      Deadlines limits,
      ResourceNames names) {
    if (attempt.state() != AttemptState.Pending) {
      var lost =
          Failure.of(
              FailureClass.Infrastructure,
              "the driver pod disappeared while running",
              List.of("pod " + names.driverPod() + " no longer exists"));
      failed(attempt, lost, Optional.empty(), s, out);
      return;
    }
    if (d.nextAttemptAt != null && out.now().isBefore(Instant.parse(d.nextAttemptAt))) {
      out.phase(Phase.Retrying, d.message);
      out.requeue(Duration.between(out.now(), Instant.parse(d.nextAttemptAt)));
      return;
    }
    out.launch(attempt, s, SparkSizing.fromStatus(attempt.sizing()));
    out.requeue(limits.pending());
  }

  private void pending(
      AttemptStatus attempt,
      PodObservation pod,
      BatchSnapshot s,
      PlanBuilder out,
      Deadlines limits) {
    Instant deadline = pod.createdAt().plus(limits.pending());
    String why =
        pod.unschedulable()
            .map(u -> "unschedulable: " + u)
            .or(() -> pod.waitingReason())
            .map(r -> " (" + r + ")")
            .orElse("");
    if (!out.now().isBefore(deadline)) {
      out.act(new Plan.Action.DeletePod(pod.name(), "pending timeout"));
      var failure =
          classifier.timedOut(
              pod,
              "the driver pod stayed Pending longer than %s%s".formatted(limits.pending(), why));
      failed(attempt, failure, Optional.empty(), s, out);
      return;
    }
    out.draft().replaceCurrent(withState(attempt, AttemptState.Pending, pod));
    // Without a reason to report, the launch message stands (and no status write is needed).
    String message =
        why.isEmpty() && out.draft().phase == Phase.Launching
            ? out.draft().message
            : "attempt %d: waiting for driver pod %s to start%s"
                .formatted(attempt.number(), pod.name(), why);
    out.phase(Phase.Launching, message);
    out.requeue(Duration.between(out.now(), deadline));
  }

  private void running(
      AttemptStatus attempt,
      PodObservation pod,
      List<PodObservation> executors,
      BatchSnapshot s,
      PlanBuilder out,
      Deadlines limits) {
    Instant deadline = pod.startedAt().orElse(pod.createdAt()).plus(limits.attempt());
    if (!out.now().isBefore(deadline)) {
      out.act(new Plan.Action.DeletePod(pod.name(), "attempt timeout"));
      var failure =
          classifier.timedOut(pod, "the attempt ran longer than %s".formatted(limits.attempt()));
      failed(attempt, failure, Optional.empty(), s, out);
      return;
    }
    var d = out.draft();
    var running = withState(attempt, AttemptState.Running, pod);
    d.replaceCurrent(
        new AttemptStatus(
            running.number(),
            running.state(),
            running.sizing(),
            running.adjustment(),
            running.startedAt(),
            null,
            running.driverPod(),
            executors.isEmpty() ? null : executors.stream().map(PodObservation::name).toList(),
            null,
            null,
            gibSeconds(pod, executors, out.now())));
    JobOutput.progress(pod).ifPresent(p -> d.progress = p);
    String step =
        Optional.ofNullable(d.progress)
            .map(p -> ": %s, %d/%d tasks".formatted(p.step(), p.tasksDone(), p.tasksTotal()))
            .orElse("");
    out.phase(Phase.Running, "attempt %d running%s".formatted(attempt.number(), step));
    out.requeue(Duration.between(out.now(), deadline));
  }

  private void succeeded(
      AttemptStatus attempt, PodObservation pod, BatchSnapshot s, PlanBuilder out) {
    var report = JobOutput.report(pod);
    var d = out.draft();
    d.replaceCurrent(ended(attempt, AttemptState.Succeeded, pod, null, report, s));
    d.result = report.map(TerminationReport::result).orElse(null);
    String message =
        Optional.ofNullable(d.result)
            .map(r -> summary(r, s.spec().target().table()))
            .orElse("the job succeeded but left no report");
    out.finish(Phase.Succeeded, message);
  }

  private void failed(
      AttemptStatus attempt,
      Failure failure,
      Optional<TerminationReport> report,
      BatchSnapshot s,
      PlanBuilder out) {
    var d = out.draft();
    boolean retryable = RetryPolicy.retryable(failure.type());
    var driver = s.pods().stream().filter(p -> p.name().equals(attempt.driverPod())).findFirst();
    d.replaceCurrent(
        ended(
            attempt,
            AttemptState.Failed,
            driver.orElse(null),
            failure.toStatus(retryable),
            report,
            s));
    report.map(TerminationReport::result).ifPresent(r -> d.result = r);
    var decision =
        retryPolicy.decide(
            failure,
            SparkSizing.fromStatus(attempt.sizing()),
            SizingCaps.from(s.spec().resources()),
            RetrySettings.from(s.spec().retry()),
            InputSize.fromStatus(d.input),
            d.attempts.size(),
            out.now());
    String what =
        "attempt %d failed: %s: %s".formatted(attempt.number(), failure.type(), failure.message());
    if (decision instanceof RetryDecision.Retry retry) {
      var next =
          BatchLifecycle.newAttempt(attempt.number() + 1, retry.sizing(), retry.adjustment());
      d.addAttempt(next);
      d.nextAttemptAt = retry.at().toString();
      out.phase(
          Phase.Retrying,
          "%s; attempt %d at %s with %s"
              .formatted(what, next.number(), retry.at(), retry.adjustment()));
      out.requeue(Duration.between(out.now(), retry.at()));
    } else {
      out.finish(Phase.Failed, ((RetryDecision.GiveUp) decision).reason());
    }
  }

  private AttemptStatus ended(
      AttemptStatus a,
      AttemptState state,
      PodObservation driver,
      io.scrapebatch.api.v1alpha1.FailureStatus failure,
      Optional<TerminationReport> report,
      BatchSnapshot s) {
    var executors =
        s.pods().stream()
            .filter(p -> p.role() == PodRole.EXECUTOR && p.attempt() == a.number())
            .toList();
    Instant now = s.now();
    String finished =
        Optional.ofNullable(driver).flatMap(PodObservation::finishedAt).orElse(now).toString();
    StageSkew skew = report.map(TerminationReport::skew).orElse(null);
    return new AttemptStatus(
        a.number(),
        state,
        a.sizing(),
        a.adjustment(),
        a.startedAt(),
        finished,
        a.driverPod(),
        executors.isEmpty()
            ? a.executorPods()
            : executors.stream().map(PodObservation::name).toList(),
        failure,
        skew,
        driver == null ? a.gibSeconds() : gibSeconds(driver, executors, now));
  }

  /** An adopted driver (its launch never recorded) started when its pod was created. */
  private static AttemptStatus withState(AttemptStatus a, AttemptState state, PodObservation pod) {
    return new AttemptStatus(
        a.number(),
        state,
        a.sizing(),
        a.adjustment(),
        a.startedAt() != null ? a.startedAt() : pod.createdAt().toString(),
        a.finishedAt(),
        pod.name(),
        a.executorPods(),
        a.failure(),
        a.skew(),
        a.gibSeconds());
  }

  private static List<Failure> previous(StatusDraft d) {
    return d.attempts.subList(0, d.attempts.size() - 1).stream()
        .map(AttemptStatus::failure)
        .filter(Objects::nonNull)
        .map(Failure::fromStatus)
        .toList();
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
}
