package io.scrapebatch.etl;

import io.scrapebatch.api.job.ExitCode;
import io.scrapebatch.api.v1alpha1.BatchResult;
import io.scrapebatch.storage.InputFiles;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the run has established so far — step timings, counts, Delta outcomes — so a report can be
 * written whenever the run ends, with whatever it got to (a contract violation still reports its
 * counts and the quarantine).
 */
public final class RunRecorder {
  private final Clock clock;
  private final Instant started;
  private final Map<String, Long> stepMillis = new LinkedHashMap<>();
  private String step;
  private Instant stepStarted;
  private InputFiles inputFiles;
  private BatchCounts counts;
  private DedupCounts dedup;
  private DeltaSink.MergeOutcome quarantine;
  private DeltaSink.MergeOutcome merge;
  private Optional<Long> tableVersionBefore = Optional.empty();
  private BatchMarker marker;

  public RunRecorder(Clock clock) {
    this.clock = clock;
    this.started = clock.instant();
  }

  public void step(String name) {
    Instant now = clock.instant();
    if (step != null) {
      stepMillis.put(step, Duration.between(stepStarted, now).toMillis());
    }
    step = name;
    stepStarted = now;
  }

  public void input(InputFiles files) {
    this.inputFiles = files;
  }

  public void counts(BatchCounts counts) {
    this.counts = counts;
  }

  public void dedup(DedupCounts dedup) {
    this.dedup = dedup;
  }

  public void quarantine(DeltaSink.MergeOutcome outcome) {
    this.quarantine = outcome;
  }

  public void tableVersionBefore(Optional<Long> version) {
    this.tableVersionBefore = version;
  }

  public void merge(DeltaSink.MergeOutcome outcome) {
    this.merge = outcome;
  }

  /** The batch was merged by an earlier run on the same input: its counts, nothing written. */
  public void alreadyMerged(BatchMarker marker) {
    this.marker = marker;
  }

  /**
   * The counts as the API reports them. Rows the MERGE read but did not insert were already present
   * (both figures are the MERGE command's own, committed or not). A run that finds its marker
   * reports what the batch's MERGE did, from the marker and its commit. A run that stops before the
   * MERGE (contract violation) has not deduplicated: no duplicate count.
   */
  public BatchResult result() {
    if (marker != null) {
      Long version = tableVersionBefore.orElse(null);
      return new BatchResult(
          marker.recordsRead(),
          marker.recordsMalformed(),
          marker.recordsQuarantined(),
          marker.invalidByReason(),
          marker.duplicatesInBatch(),
          marker.alreadyPresent(),
          marker.recordsWritten(),
          version,
          version);
    }
    if (counts == null) {
      return new BatchResult(
          null, null, null, null, null, null, null, tableVersionBefore.orElse(null), null);
    }
    Long written = null;
    Long present = null;
    Long versionAfter = tableVersionBefore.orElse(null);
    if (merge != null && dedup != null) {
      written = merge.inserted();
      present = merge.alreadyPresent();
      versionAfter = merge.versionAfter();
    }
    return new BatchResult(
        counts.read(),
        counts.malformed(),
        counts.invalid(),
        counts.invalidByReason(),
        dedup == null ? null : dedup.duplicates(),
        present,
        written,
        tableVersionBefore.orElse(null),
        versionAfter);
  }

  public JobReport report(
      JobArgs args,
      Optional<Failure> failure,
      List<StageStats> stages,
      Optional<StageStats> worst) {
    step(null);
    ExitCode code = failure.map(Failure::exitCode).orElse(ExitCode.SUCCESS);
    return new JobReport(
        args == null ? null : args.batchId(),
        args == null ? 0 : args.attempt(),
        failure.isPresent() ? "failed" : "succeeded",
        code.code(),
        failure.map(Failure::failureClass).orElse(null),
        failure.map(Failure::message).orElse(null),
        failure.map(Failure::evidence).orElse(null),
        result(),
        inputFiles == null ? null : input(args),
        quarantine == null || args == null
            ? null
            : new JobReport.Quarantine(
                args.quarantine(),
                quarantine.versionAfter(),
                quarantine.inserted(),
                quarantine.alreadyPresent()),
        marker != null ? Boolean.TRUE : null,
        merge == null ? null : merge.filesAdded(),
        new LinkedHashMap<>(stepMillis),
        stages,
        worst.map(StageStats::toSkew).orElse(null),
        started.toString(),
        Duration.between(started, clock.instant()).toMillis());
  }

  private JobReport.Input input(JobArgs args) {
    List<String> ignored = inputFiles.ignored();
    return new JobReport.Input(
        args == null ? null : args.input(),
        inputFiles.files().size(),
        inputFiles.bytes(),
        ignored.size(),
        ignored.subList(0, Math.min(20, ignored.size())));
  }
}
