package io.scrapebatch.operator.policy;

import io.scrapebatch.api.v1alpha1.AttemptStatus;
import io.scrapebatch.api.v1alpha1.DroppedAttempts;
import io.scrapebatch.api.v1alpha1.FailureClass;
import io.scrapebatch.api.v1alpha1.InputMeasurement;
import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.api.v1alpha1.ScrapeBatchStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The edge between the wire format ({@code ScrapeBatchStatus}, strings and nulls) and the working
 * model ({@link BatchState}): each reconciliation converts once on the way in and once on the way
 * out.
 */
final class StatusCodec {

  /** The state of a batch; a batch the operator never wrote is Pending with nothing measured. */
  static BatchState state(ScrapeBatchStatus status, long generation) {
    if (status == null) {
      return BatchState.initial(generation);
    }
    return new BatchState(
        Optional.ofNullable(status.phase()).orElse(Phase.Pending),
        Optional.ofNullable(status.message()),
        generation,
        Optional.ofNullable(status.conditions()).orElse(List.of()),
        Optional.ofNullable(status.attempt()).orElse(0),
        Optional.ofNullable(status.observedRerun()),
        Optional.ofNullable(status.input()).map(StatusCodec::input),
        Optional.ofNullable(status.attempts()).orElse(List.of()).stream()
            .map(StatusCodec::attempt)
            .toList(),
        Optional.ofNullable(status.attemptsDropped())
            .map(StatusCodec::dropped)
            .orElse(AttemptsDropped.NONE),
        Optional.ofNullable(status.result()),
        Optional.ofNullable(status.progress()),
        instant(status.nextAttemptAt()),
        instant(status.finishedAt()),
        Optional.ofNullable(status.inputProbeFailures()).orElse(0));
  }

  static ScrapeBatchStatus status(BatchState s, Instant now) {
    String message = s.message().orElse(null);
    return new ScrapeBatchStatus(
        s.phase(),
        s.observedGeneration(),
        Conditions.forPhase(s.phase(), message, s.observedGeneration(), s.conditions(), now),
        s.lastAttempt() == 0 ? null : s.lastAttempt(),
        s.input().map(StatusCodec::measurement).orElse(null),
        s.attempts().isEmpty() ? null : s.attempts().stream().map(StatusCodec::status).toList(),
        s.dropped().count() == 0 ? null : status(s.dropped()),
        s.result().orElse(null),
        s.progress().orElse(null),
        message,
        s.nextAttemptAt().map(Instant::toString).orElse(null),
        s.finishedAt().map(Instant::toString).orElse(null),
        s.observedRerun().orElse(null),
        s.inputProbeFailures() == 0 ? null : s.inputProbeFailures());
  }

  static Attempt attempt(AttemptStatus a) {
    return new Attempt(
        a.number(),
        a.state(),
        SparkSizing.fromStatus(a.sizing()),
        Optional.ofNullable(a.adjustment()),
        instant(a.startedAt()),
        instant(a.finishedAt()),
        Optional.ofNullable(a.driverPod()),
        Optional.ofNullable(a.executorPods()).orElse(List.of()),
        Optional.ofNullable(a.executorsSeen()).orElse(0),
        Optional.ofNullable(a.failure()).map(Failure::fromStatus),
        Optional.ofNullable(a.skew()),
        Optional.ofNullable(a.gibSeconds()),
        Optional.ofNullable(a.generation()));
  }

  static AttemptStatus status(Attempt a) {
    return new AttemptStatus(
        a.number(),
        a.state(),
        a.sizing().toStatus(),
        a.adjustment().orElse(null),
        a.startedAt().map(Instant::toString).orElse(null),
        a.finishedAt().map(Instant::toString).orElse(null),
        a.driverPod().orElse(null),
        a.executorPods().isEmpty() ? null : a.executorPods(),
        a.executorsSeen() == 0 ? null : a.executorsSeen(),
        a.failure().map(f -> f.toStatus(RetryPolicy.retryable(f.type()))).orElse(null),
        a.skew().orElse(null),
        a.gibSeconds().orElse(null),
        a.generation().orElse(null));
  }

  private static AttemptsDropped dropped(DroppedAttempts d) {
    var byClass = new TreeMap<FailureClass, Integer>();
    Optional.ofNullable(d.failures())
        .orElse(Map.of())
        .forEach((type, n) -> byClass.put(FailureClass.valueOf(type), n));
    return new AttemptsDropped(
        Optional.ofNullable(d.count()).orElse(0),
        byClass,
        Optional.ofNullable(d.gibSeconds()).orElse(0.0));
  }

  private static DroppedAttempts status(AttemptsDropped d) {
    var byClass = new TreeMap<String, Integer>();
    d.failures().forEach((type, n) -> byClass.put(type.name(), n));
    return new DroppedAttempts(d.count(), byClass.isEmpty() ? null : byClass, d.gibSeconds());
  }

  private static MeasuredInput input(InputMeasurement m) {
    return new MeasuredInput(
        new InputSize(m.bytes(), m.files(), Boolean.TRUE.equals(m.compressed())),
        Instant.parse(m.measuredAt()));
  }

  private static InputMeasurement measurement(MeasuredInput m) {
    var size = m.size();
    return new InputMeasurement(
        size.bytes(), size.files(), size.compressed(), m.measuredAt().toString());
  }

  private static Optional<Instant> instant(String rfc3339) {
    return Optional.ofNullable(rfc3339).map(Instant::parse);
  }

  private StatusCodec() {}
}
