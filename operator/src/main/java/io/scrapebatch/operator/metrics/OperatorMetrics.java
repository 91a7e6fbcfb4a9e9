package io.scrapebatch.operator.metrics;

import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.scrapebatch.api.v1alpha1.AttemptState;
import io.scrapebatch.api.v1alpha1.AttemptStatus;
import io.scrapebatch.api.v1alpha1.BatchResult;
import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.api.v1alpha1.ScrapeBatch;
import io.scrapebatch.api.v1alpha1.ScrapeBatchStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The operator's own metrics, beside JOSDK's reconciliation metrics: batches by phase, failed
 * attempts by class, apply-to-driver latency, job duration and records processed.
 */
public final class OperatorMetrics {
  private final MeterRegistry registry;
  private final Timer launchLatency;

  /** The primary-cache index the phase gauges read: phase name → batches. */
  public static final String PHASE_INDEX = "scrapebatch.io/phase";

  private final AtomicReference<IndexedResourceCache<ScrapeBatch>> batches =
      new AtomicReference<>();

  public OperatorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.launchLatency =
        Timer.builder("scrapebatch.launch.latency")
            .description("From a batch's creation to its first driver pod's creation")
            .publishPercentileHistogram()
            .register(registry);
    for (Phase phase : Phase.values()) {
      Gauge.builder("scrapebatch.batches", () -> count(phase))
          .description("ScrapeBatches known to the operator, by phase")
          .tag("phase", phase.name())
          .register(registry);
    }
  }

  /**
   * Where the phase gauges count from: the operator's informer cache of batches, indexed by phase
   * ({@link #phaseIndex}), so a scrape looks up eight keys instead of walking every batch.
   */
  public void countBatchesFrom(IndexedResourceCache<ScrapeBatch> cache) {
    batches.set(cache);
  }

  /** The index key of a batch: its phase, empty before the operator wrote a status. */
  public static List<String> phaseIndex(ScrapeBatch batch) {
    var s = batch.getStatus();
    return List.of(s == null || s.phase() == null ? "" : s.phase().name());
  }

  public void driverCreated(ScrapeBatch batch, int attempt, Instant now) {
    Counter.builder("scrapebatch.attempts.launched")
        .description("Attempts whose driver pod the operator created")
        .register(registry)
        .increment();
    if (attempt == 1) {
      Instant created = Instant.parse(batch.getMetadata().getCreationTimestamp());
      launchLatency.record(Duration.between(created, now).abs());
    }
  }

  /** Counts what changed between the stored status and the one about to be written. */
  public void statusChanged(ScrapeBatchStatus before, ScrapeBatchStatus after) {
    List<AttemptStatus> old = attempts(before);
    for (AttemptStatus a : attempts(after)) {
      boolean newlyFailed =
          a.state() == AttemptState.Failed
              && a.failure() != null
              && old.stream()
                  .noneMatch(
                      o -> o.number().equals(a.number()) && o.state() == AttemptState.Failed);
      if (newlyFailed) {
        Counter.builder("scrapebatch.attempts.failed")
            .description("Failed attempts by failure class")
            .tag("class", a.failure().type().name())
            .register(registry)
            .increment();
      }
    }
    Phase was = before == null ? null : before.phase();
    if (after.phase() != null && after.phase().isTerminal() && was != after.phase()) {
      finished(after);
    }
  }

  private void finished(ScrapeBatchStatus s) {
    var first =
        attempts(s).stream().map(AttemptStatus::startedAt).filter(Objects::nonNull).findFirst();
    if (first.isPresent() && s.finishedAt() != null) {
      Timer.builder("scrapebatch.job.duration")
          .description("From the first attempt's launch to the batch's end")
          .tag("outcome", s.phase().name())
          .register(registry)
          .record(Duration.between(Instant.parse(first.get()), Instant.parse(s.finishedAt())));
    }
    BatchResult r = s.result();
    if (s.phase() == Phase.Succeeded && r != null) {
      records("written", r.recordsWritten());
      records("quarantined", r.recordsQuarantined());
      records("duplicate", r.duplicatesInBatch());
      records("already_present", r.alreadyPresent());
    }
  }

  private void records(String kind, Long value) {
    if (value != null && value > 0) {
      Counter.builder("scrapebatch.records")
          .description("Records processed by finished batches, by outcome")
          .tag("kind", kind)
          .register(registry)
          .increment(value);
    }
  }

  private double count(Phase phase) {
    var cache = batches.get();
    return cache == null ? 0 : cache.byIndex(PHASE_INDEX, phase.name()).size();
  }

  private static List<AttemptStatus> attempts(ScrapeBatchStatus s) {
    return s == null || s.attempts() == null ? List.of() : s.attempts();
  }
}
