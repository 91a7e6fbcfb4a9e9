package io.scrapebatch.operator.policy;

import io.scrapebatch.api.job.ExitCode;
import io.scrapebatch.api.job.SparkFailureText;
import io.scrapebatch.api.job.TerminationReport;
import io.scrapebatch.api.v1alpha1.FailureClass;
import io.scrapebatch.api.v1alpha1.StageSkew;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Names why a failed attempt failed, from what its pods left behind: the driver's exit code and
 * termination message (the job's report, or the log tail), Spark's exit-exception annotation,
 * executor pods killed for memory, and the job's skew figures. Pure and table-tested.
 */
public final class FailureClassifier {
  /** Annotation Spark 4.1 writes on the driver pod with the exception that ended it. */
  public static final String SPARK_EXIT_EXCEPTION = "spark.exit-exception";

  /**
   * The job's own verdicts, reached after its Spark work: an executor lost to memory earlier in the
   * run (and recovered from) does not make them an ExecutorOOM.
   */
  private static final Set<FailureClass> DEFINITE_FROM_JOB =
      Set.of(
          FailureClass.ContractViolation,
          FailureClass.BadConfiguration,
          FailureClass.SerializationError,
          FailureClass.CorruptInput,
          FailureClass.ConservationViolated,
          FailureClass.WriteConflict);

  private static final int MAX_EVIDENCE_CHARS = 300;

  private final double skewRatioThreshold;

  /**
   * @param skewRatioThreshold a stage whose slowest task took this many times its median is skewed
   */
  public FailureClassifier(double skewRatioThreshold) {
    this.skewRatioThreshold = skewRatioThreshold;
  }

  /**
   * @param driver the attempt's driver (or local-mode) pod, finished as Failed
   * @param executors the attempt's executor pods still known to the API server
   * @param report the job's termination report, when it managed to write one
   * @param previous failures of the earlier attempts of this run, oldest first
   */
  public Failure classify(
      PodObservation driver,
      List<PodObservation> executors,
      Optional<TerminationReport> report,
      List<Failure> previous) {
    if (driver.evicted()) {
      return Failure.of(
              FailureClass.Infrastructure,
              "the driver pod was evicted",
              List.of("pod reason Evicted: " + driver.message().orElse("")))
          .from(driver);
    }
    var termination = driver.termination();
    if (termination.filter(Termination::oomKilled).isPresent()) {
      return Failure.of(
              FailureClass.DriverOOM,
              "the driver container exceeded its memory limit",
              List.of(
                  "driver container OOMKilled, exit code " + termination.get().exitCode(),
                  "memory limit " + driver.memoryLimit()))
          .from(driver);
    }
    // A report that does not know the class (a JVM exiting under it) decides nothing.
    var fromReport =
        report.filter(r -> r.failureClass() != null && r.failureClass() != FailureClass.Unknown);
    if (fromReport.map(r -> DEFINITE_FROM_JOB.contains(r.failureClass())).orElse(false)) {
      return fromJob(fromReport.get()).from(driver);
    }
    var killedExecutors = executors.stream().filter(FailureClassifier::lostToMemory).toList();
    if (!killedExecutors.isEmpty()) {
      return skewOr(executorOom(killedExecutors), report, previous).from(driver);
    }
    if (fromReport.isPresent()) {
      return skewOr(fromJob(fromReport.get()), report, previous).from(driver);
    }
    var byExitCode =
        termination.flatMap(t -> ExitCode.of(t.exitCode())).flatMap(ExitCode::failureClass);
    var byText = textEvidence(driver);
    if (byText.isPresent() && (byExitCode.isEmpty() || byExitCode.get() == FailureClass.Unknown)) {
      var match = byText.get();
      return skewOr(
              Failure.of(
                  match.text().failureClass(), describe(match.text()), List.of(match.line())),
              report,
              previous)
          .from(driver);
    }
    if (byExitCode.isPresent() && byExitCode.get() != FailureClass.Unknown) {
      return Failure.of(
              byExitCode.get(),
              "the job exited with code " + termination.get().exitCode(),
              List.of("driver exit code " + termination.get().exitCode()))
          .from(driver);
    }
    return Failure.of(FailureClass.Unknown, unknownMessage(driver), unknownEvidence(driver))
        .from(driver);
  }

  /** An attempt that did not finish in time: never the job's fault alone, retried as is. */
  public Failure timedOut(PodObservation driver, String what) {
    return Failure.of(FailureClass.Infrastructure, what, List.of(what)).from(driver);
  }

  /**
   * An attempt whose executors could not start in time (the scheduler found no node for their
   * memory, an image would not pull): the scheduler's or kubelet's own words are the evidence.
   */
  public Failure executorsPending(
      PodObservation driver, List<PodObservation> pending, Duration limit) {
    var evidence =
        pending.stream()
            .map(
                p ->
                    "executor pod %s Pending since %s: %s"
                        .formatted(p.name(), p.createdAt(), pendingReason(p)))
            .toList();
    String first = pendingReason(pending.get(0));
    return Failure.of(
            FailureClass.Infrastructure,
            "%d executor pod(s) stayed Pending longer than %s and none ran: %s"
                .formatted(pending.size(), limit, first),
            evidence)
        .from(driver);
  }

  /** Why a pod is not running yet, in the scheduler's or the kubelet's words. */
  static String pendingReason(PodObservation pod) {
    return pod.unschedulable()
        .map(u -> "unschedulable: " + u)
        .or(pod::waitingReason)
        .orElse("no reason reported");
  }

  /**
   * The kubelet says OOMKilled when the kernel killed for memory, and 52 is the JVM's own
   * OutOfMemoryError exit; a bare 137 is any SIGKILL (a deleted pod past its grace period).
   */
  private static boolean lostToMemory(PodObservation executor) {
    return executor.termination().filter(t -> t.oomKilled() || t.exitCode() == 52).isPresent();
  }

  private static Failure executorOom(List<PodObservation> killed) {
    List<String> evidence = new ArrayList<>();
    for (PodObservation pod : killed) {
      Termination t = pod.termination().orElseThrow();
      evidence.add(
          "executor pod %s: %s, exit code %d, memory limit %s"
              .formatted(pod.name(), t.reason(), t.exitCode(), pod.memoryLimit()));
    }
    return Failure.of(
        FailureClass.ExecutorOOM,
        "%d executor(s) ran out of memory".formatted(killed.size()),
        evidence);
  }

  /**
   * Executor memory running out in a stage where one task takes many times the median is skew: more
   * memory per executor would only move the problem, salting the keys fixes it.
   */
  private Failure skewOr(
      Failure failure, Optional<TerminationReport> report, List<Failure> previous) {
    if (failure.type() != FailureClass.ExecutorOOM) {
      return failure;
    }
    Optional<StageSkew> skew = report.map(TerminationReport::skew).filter(this::skewed);
    boolean repeatedOom =
        !previous.isEmpty() && previous.get(previous.size() - 1).type() == FailureClass.ExecutorOOM;
    if (skew.isPresent()) {
      StageSkew s = skew.get();
      var evidence = new ArrayList<>(failure.evidence());
      evidence.add(
          "stage %d (%s): slowest task %d ms, median %d ms (%.1fx)"
              .formatted(
                  s.stageId(), s.stage(), s.maxTaskMillis(), s.medianTaskMillis(), s.ratio()));
      return new Failure(
          FailureClass.DataSkew,
          "executors ran out of memory in a skewed stage%s".formatted(repeatedOom ? ", again" : ""),
          evidence,
          failure.exitCode(),
          failure.pod());
    }
    return failure;
  }

  private boolean skewed(StageSkew skew) {
    return skew != null && skew.ratio() != null && skew.ratio() >= skewRatioThreshold;
  }

  private static Failure fromJob(TerminationReport report) {
    var evidence = report.evidence() == null ? List.<String>of() : report.evidence();
    String message = report.message() != null ? report.message() : report.failureClass().name();
    return Failure.of(report.failureClass(), message, evidence);
  }

  private static Optional<TextMatch> textEvidence(PodObservation driver) {
    return Optional.ofNullable(driver.annotations().get(SPARK_EXIT_EXCEPTION))
        .flatMap(FailureClassifier::firstWording)
        .or(
            () ->
                driver
                    .termination()
                    .map(Termination::message)
                    .flatMap(FailureClassifier::firstWording));
  }

  /** The first of Spark's wordings (in their order of precedence) found in {@code text}. */
  private static Optional<TextMatch> firstWording(String text) {
    for (SparkFailureText wording : SparkFailureText.values()) {
      var line = wording.lineIn(text);
      if (line.isPresent()) {
        return Optional.of(new TextMatch(wording, shorten(line.get().strip())));
      }
    }
    return Optional.empty();
  }

  private static String shorten(String line) {
    return line.length() <= MAX_EVIDENCE_CHARS ? line : line.substring(0, MAX_EVIDENCE_CHARS) + "…";
  }

  private static String describe(SparkFailureText text) {
    return switch (text) {
      case EXECUTOR_LOST_TO_MEMORY -> "executors were lost to memory exhaustion";
      case NOT_SERIALIZABLE -> "a task or UDF captured something Spark cannot serialize";
      case SHUFFLE_FETCH_FAILED -> "shuffle blocks could not be fetched";
      case JVM_OUT_OF_MEMORY -> "the driver JVM ran out of heap";
    };
  }

  private record TextMatch(SparkFailureText text, String line) {}

  private static String unknownMessage(PodObservation driver) {
    return driver
        .termination()
        .map(t -> "the job failed with exit code %d (%s)".formatted(t.exitCode(), t.reason()))
        .orElse("the driver pod failed without a container exit");
  }

  /** The first exception line of a log tail, else its last line: what a human would quote. */
  private static Optional<String> headline(String log) {
    var lines = log.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    return lines.stream()
        .filter(l -> !l.startsWith("at ") && (l.contains("Exception") || l.contains("Error")))
        .findFirst()
        .or(() -> lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(lines.size() - 1)));
  }

  private static List<String> unknownEvidence(PodObservation driver) {
    List<String> evidence = new ArrayList<>();
    driver.termination().ifPresent(t -> evidence.add("driver exit code " + t.exitCode()));
    driver.reason().ifPresent(r -> evidence.add("pod reason " + r));
    driver
        .termination()
        .map(Termination::message)
        .flatMap(FailureClassifier::headline)
        .ifPresent(line -> evidence.add("log: " + line));
    return evidence;
  }
}
