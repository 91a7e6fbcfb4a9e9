package io.scrapebatch.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.job.TerminationReport;
import io.scrapebatch.api.v1alpha1.BatchResult;
import io.scrapebatch.api.v1alpha1.FailureClass;
import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.api.v1alpha1.ScrapeBatchStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The job's own verdicts from its termination report, through the whole pure core: a broken
 * conservation identity ends the batch, a write conflict is retried with jittered backoff.
 */
class JobVerdictsTest {
  static final Instant T0 = BatchLifecycleTest.T0;
  static final Instant END = T0.plusSeconds(70);
  static final String IDENTITY =
      "read 100 != written 60 + duplicates 10 + already present 20 + quarantined 5 (5 unaccounted)";
  static final String CONFLICT =
      "ConcurrentAppendException on table s3a://clean/products: files were added to partition"
          + " [scrape_date=2026-05-19] by a concurrent update";

  private final BatchLifecycle lifecycle = lifecycle();

  private static BatchLifecycle lifecycle() {
    return BatchLifecycleTest.measuring(new ScriptedProbe(Optional.of(BatchLifecycleTest.BIG)));
  }

  private Plan plan(String uid, ScrapeBatchStatus status, Instant now, List<PodObservation> pods) {
    return lifecycle.plan(
        new BatchSnapshot(
            Batches.NS, Batches.NAME, uid, 1, Batches.spec(), status, pods, TableLock.free(), now));
  }

  private ScrapeBatchStatus launched(String uid) {
    return plan(uid, null, T0, List.of()).status();
  }

  private static PodObservation driverExiting(String uid, int code, String message) {
    var d = Batches.driver(1, PodPhase.Failed, T0, new Termination(code, "Error", message));
    return withName(d, new ResourceNames(Batches.NAME, uid, 1).driverPod());
  }

  private static PodObservation withName(PodObservation p, String name) {
    return new PodObservation(
        name,
        p.role(),
        p.attempt(),
        p.phase(),
        p.reason(),
        p.message(),
        p.termination(),
        p.waitingReason(),
        p.unschedulable(),
        p.createdAt(),
        p.startedAt(),
        p.finishedAt(),
        p.memoryLimit(),
        p.annotations());
  }

  private static String report(int exit, FailureClass type, String message, BatchResult result) {
    return new TerminationReport(exit, type, message, List.of(message), result, null, 1000L)
        .toJson();
  }

  private static final BatchResult COUNTS =
      new BatchResult(100L, 10L, 5L, Map.of(), 20L, 0L, 60L, 7L, 0L);

  @Test
  void aConservationViolationFailsTheBatchWithoutRetryAndShowsTheNumbers() {
    var driver =
        driverExiting(
            Batches.UID, 14, report(14, FailureClass.ConservationViolated, IDENTITY, COUNTS));

    var p = plan(Batches.UID, launched(Batches.UID), END, List.of(driver));

    var s = p.status();
    assertThat(s.phase()).isEqualTo(Phase.Failed);
    assertThat(s.attempts()).hasSize(1);
    var failure = s.attempts().get(0).failure();
    assertThat(failure.type()).isEqualTo(FailureClass.ConservationViolated);
    assertThat(failure.retryable()).isFalse();
    assertThat(failure.exitCode()).isEqualTo(14);
    assertThat(s.message()).isEqualTo("ConservationViolated is not retryable: " + IDENTITY);
    assertThat(s.result().recordsRead()).isEqualTo(100);
    assertThat(s.nextAttemptAt()).isNull();
    assertThat(p.actions()).noneMatch(a -> a instanceof Plan.Action.LaunchAttempt);
  }

  @Test
  void anExecutorLostToMemoryEarlierInTheRunDoesNotTurnTheJobsVerdictIntoARetry() {
    var driver =
        driverExiting(
            Batches.UID, 14, report(14, FailureClass.ConservationViolated, IDENTITY, COUNTS));
    var oomKilled = Batches.executor(1, 1, T0, new Termination(137, "OOMKilled", ""));

    var s = plan(Batches.UID, launched(Batches.UID), END, List.of(driver, oomKilled)).status();

    assertThat(s.phase()).isEqualTo(Phase.Failed);
    assertThat(s.attempts().get(0).failure().type()).isEqualTo(FailureClass.ConservationViolated);
  }

  @Test
  void exitCode14WithoutAReportIsAConservationViolationToo() {
    var driver = driverExiting(Batches.UID, 14, "java.lang.IllegalStateException: identity");

    var s = plan(Batches.UID, launched(Batches.UID), END, List.of(driver)).status();

    assertThat(s.phase()).isEqualTo(Phase.Failed);
    assertThat(s.attempts().get(0).failure().type()).isEqualTo(FailureClass.ConservationViolated);
  }

  @Test
  void aWriteConflictIsRetriedWithTheSameSizingAfterAJitteredBackoffNamingTheTable() {
    var driver =
        driverExiting(Batches.UID, 16, report(16, FailureClass.WriteConflict, CONFLICT, null));

    var s = plan(Batches.UID, launched(Batches.UID), END, List.of(driver)).status();

    assertThat(s.phase()).isEqualTo(Phase.Retrying);
    assertThat(s.message()).contains("WriteConflict").contains("s3a://clean/products");
    var failure = s.attempts().get(0).failure();
    assertThat(failure.type()).isEqualTo(FailureClass.WriteConflict);
    assertThat(failure.retryable()).isTrue();
    assertThat(failure.message()).isEqualTo(CONFLICT);
    assertThat(s.attempts().get(1).sizing()).isEqualTo(s.attempts().get(0).sizing());
    // spec.retry.backoff 30s: between 15s and 30s after the failure was seen.
    Duration wait = Duration.between(END, Instant.parse(s.nextAttemptAt()));
    assertThat(wait).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
  }

  @Test
  void theJitterIsTheSameForTheSameSnapshotAndDiffersBetweenBatches() {
    var times =
        List.of("uid-a", "uid-b", "uid-c", "uid-d").stream()
            .map(
                uid ->
                    plan(
                            uid,
                            launched(uid),
                            END,
                            List.of(
                                driverExiting(
                                    uid,
                                    16,
                                    report(16, FailureClass.WriteConflict, CONFLICT, null))))
                        .status()
                        .nextAttemptAt())
            .toList();
    var again =
        plan(
                "uid-a",
                launched("uid-a"),
                END,
                List.of(
                    driverExiting(
                        "uid-a", 16, report(16, FailureClass.WriteConflict, CONFLICT, null))))
            .status()
            .nextAttemptAt();

    assertThat(again).isEqualTo(times.get(0));
    assertThat(times).doesNotHaveDuplicates();
  }

  @Test
  void otherRetryableClassesKeepTheirPlainBackoff() {
    var driver = driverExiting(Batches.UID, 1, "java.lang.IllegalStateException: boom");

    var s = plan(Batches.UID, launched(Batches.UID), END, List.of(driver)).status();

    assertThat(Instant.parse(s.nextAttemptAt())).isEqualTo(END.plusSeconds(30));
  }

  @Test
  void jitteredBackoffStaysBetweenHalfAndAllOfThePlainOneAndWithinTheCap() {
    var retry = new RetrySettings(10, Duration.ofSeconds(30), Duration.ofMinutes(2), 1.5);
    var jitter = new Jitter("9f0c2a7e-1111");
    double sum = 0;
    for (int attempt = 1; attempt <= 1000; attempt++) {
      double f = jitter.fraction(attempt);
      assertThat(f).isGreaterThanOrEqualTo(0).isLessThan(1);
      sum += f;
    }
    assertThat(sum / 1000).isBetween(0.45, 0.55);
    for (int retryNumber = 1; retryNumber <= 8; retryNumber++) {
      Duration plain = retry.backoffBefore(retryNumber);
      assertThat(retry.jitteredBackoffBefore(retryNumber, 0.0)).isEqualTo(plain.dividedBy(2));
      assertThat(retry.jitteredBackoffBefore(retryNumber, 0.999))
          .isLessThanOrEqualTo(plain)
          .isLessThanOrEqualTo(Duration.ofMinutes(2));
    }
  }
}
