package io.scrapebatch.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.v1alpha1.AttemptState;
import io.scrapebatch.api.v1alpha1.AttemptStatus;
import io.scrapebatch.api.v1alpha1.Condition;
import io.scrapebatch.api.v1alpha1.ExecutionMode;
import io.scrapebatch.api.v1alpha1.FailureClass;
import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.api.v1alpha1.ScrapeBatchSpec;
import io.scrapebatch.api.v1alpha1.ScrapeBatchStatus;
import io.scrapebatch.api.v1alpha1.Statuses;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BatchLifecycleTest {
  static final Instant T0 = Instant.parse("2026-05-19T02:00:00Z");
  static final StorageSettings STORAGE =
      new StorageSettings(Optional.empty(), "us-east-1", false, Optional.empty());
  static final long GIB = 1L << 30;
  static final ProbeResult BIG = new ProbeResult.Measured(new InputSize(2 * GIB, 40, false));
  static final ProbeResult SMALL = new ProbeResult.Measured(new InputSize(1 << 20, 1, false));
  static final String REPORT_OK =
      "{\"exitCode\":0,\"result\":{\"recordsRead\":100,\"recordsQuarantined\":5,"
          + "\"duplicatesInBatch\":10,\"alreadyPresent\":20,\"recordsWritten\":65,\"deltaVersion\":3}}";

  private final BatchLifecycle lifecycle =
      new BatchLifecycle(SizingRules.defaults(), 5.0, STORAGE, ScriptedProbe.refusing());

  /** The lifecycle with the default rules and storage, measuring through {@code probe}. */
  static BatchLifecycle measuring(ScriptedProbe probe) {
    return new BatchLifecycle(SizingRules.defaults(), 5.0, STORAGE, probe);
  }

  private Plan plan(ScrapeBatchStatus status, Instant now, List<PodObservation> pods) {
    return plan(Batches.spec(), status, now, pods, Optional.empty());
  }

  private Plan plan(
      ScrapeBatchSpec spec,
      ScrapeBatchStatus status,
      Instant now,
      List<PodObservation> pods,
      Optional<ProbeResult> probe) {
    return measuring(new ScriptedProbe(probe)).plan(Batches.snapshot(1, spec, status, pods, now));
  }

  /** A cluster-mode batch whose first attempt's driver has just been created. */
  private ScrapeBatchStatus launched() {
    return plan(Batches.spec(), null, T0, List.of(), Optional.of(BIG)).status();
  }

  private ScrapeBatchStatus failedWith(
      ScrapeBatchStatus status, int attempt, Instant at, PodObservation... pods) {
    return plan(status, at, List.of(pods)).status();
  }

  @Test
  void aNewBatchIsMeasuredSizedAndLaunched() {
    var p = plan(Batches.spec(), null, T0, List.of(), Optional.of(BIG));

    var s = p.status();
    assertThat(s.phase()).isEqualTo(Phase.Launching);
    assertThat(s.observedGeneration()).isEqualTo(1);
    assertThat(s.input().bytes()).isEqualTo(2 * GIB);
    assertThat(s.attempt()).isEqualTo(1);
    var attempt = s.attempts().get(0);
    assertThat(attempt.state()).isEqualTo(AttemptState.Pending);
    assertThat(attempt.driverPod()).isEqualTo(Batches.driverName(1));
    assertThat(attempt.sizing().mode()).isEqualTo(ExecutionMode.CLUSTER);
    assertThat(attempt.sizing().executors()).isEqualTo(2);
    assertThat(attempt.startedAt()).isEqualTo(T0.toString());
    assertThat(p.actions())
        .containsExactly(
            new Plan.Action.LaunchAttempt(1, SparkSizing.fromStatus(attempt.sizing())));
    assertThat(p.notes()).extracting(Plan.Note::reason).containsExactly("Launching");
    assertThat(p.notes().get(0).message())
        .isEqualTo(
            "attempt 1: 2 executor(s) x 2 core(s) x 4Gi heap, driver 1Gi, 16 shuffle partitions;"
                + " input 40 file(s), 2Gi");
    assertThat(condition(s, "Reconciling").status()).isEqualTo("True");
    assertThat(condition(s, "Ready").status()).isEqualTo("False");
  }

  @Test
  void aSmallBatchLaunchesOneLocalModePod() {
    var s = plan(Batches.spec(), null, T0, List.of(), Optional.of(SMALL)).status();

    assertThat(s.attempts().get(0).sizing().mode()).isEqualTo(ExecutionMode.LOCAL);
  }

  @Test
  void replanningBeforeTheDriverIsSeenRelaunchesIdempotentlyWithoutANewEvent() {
    var later = T0.plusSeconds(2);

    var p = plan(launched(), later, List.of());

    assertThat(p.actions()).singleElement().isInstanceOf(Plan.Action.LaunchAttempt.class);
    assertThat(p.notes()).isEmpty();
    assertThat(p.status().attempts()).hasSize(1);
    assertThat(p.status().attempts().get(0).startedAt()).isEqualTo(T0.toString());
  }

  @Test
  void aRestartedOperatorAdoptsTheExistingDriverInsteadOfCreatingAnother() {
    var p =
        plan(
            launched(), T0.plusSeconds(30), List.of(Batches.driver(1, PodPhase.Running, T0, null)));

    assertThat(p.actions()).isEmpty();
    assertThat(p.status().phase()).isEqualTo(Phase.Running);
    assertThat(p.status().attempts()).hasSize(1);
  }

  @Test
  void anOperatorThatLostItsStatusFindsTheRunningDriverAtOnce() {
    var lost = Statuses.phaseOnly(Phase.Pending, 1L);

    var p =
        plan(
            Batches.spec(),
            lost,
            T0.plusSeconds(60),
            List.of(Batches.driver(1, PodPhase.Running, T0, null)),
            Optional.of(BIG));

    assertThat(p.actions()).isEmpty();
    assertThat(p.status().phase()).isEqualTo(Phase.Running);
    assertThat(p.status().attempts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.driverPod()).isEqualTo(Batches.driverName(1));
              assertThat(a.startedAt()).isEqualTo(T0.toString());
            });
  }

  @Test
  void aPendingDriverKeepsTheBatchLaunchingUntilThePendingTimeout() {
    var pending = Batches.driver(1, PodPhase.Pending, T0, null);

    var waiting = plan(launched(), T0.plusSeconds(60), List.of(pending));
    assertThat(waiting.status().phase()).isEqualTo(Phase.Launching);
    assertThat(waiting.requeueAfter()).contains(Duration.ofMinutes(9));

    var late = plan(launched(), T0.plus(Duration.ofMinutes(10)), List.of(pending));
    assertThat(late.actions())
        .contains(new Plan.Action.DeletePod(Batches.driverName(1), "pending timeout"));
    assertThat(late.status().phase()).isEqualTo(Phase.Retrying);
    var failed = late.status().attempts().get(0);
    assertThat(failed.failure().type()).isEqualTo(FailureClass.Infrastructure);
    assertThat(failed.failure().message()).contains("stayed Pending longer than PT10M");
    assertThat(late.status().attempts().get(1).sizing()).isEqualTo(failed.sizing());
  }

  @Test
  void aRunningDriverReportsProgressAndItsExecutors() {
    var driver =
        Batches.pod(
            Batches.driverName(1),
            PodRole.DRIVER,
            1,
            PodPhase.Running,
            T0,
            null,
            Map.of(
                "scrapebatch.io/progress",
                "{\"step\":\"dedup\",\"tasksDone\":12,\"tasksTotal\":40,\"recordsRead\":1000}"),
            Optional.empty());
    var executor = Batches.executor(1, 1, T0.plusSeconds(10), null);

    var s = plan(launched(), T0.plusSeconds(70), List.of(driver, executor)).status();

    assertThat(s.phase()).isEqualTo(Phase.Running);
    assertThat(s.progress().step()).isEqualTo("dedup");
    assertThat(s.message()).isEqualTo("attempt 1 running: dedup, 12/40 tasks");
    assertThat(s.attempts().get(0).state()).isEqualTo(AttemptState.Running);
    assertThat(s.attempts().get(0).executorPods()).containsExactly(executor.name());
    assertThat(s.attempts().get(0).gibSeconds()).isPositive();
  }

  @Test
  void aSucceededDriverFinishesTheBatchWithTheJobsCounts() {
    var done =
        Batches.driver(1, PodPhase.Succeeded, T0, new Termination(0, "Completed", REPORT_OK));

    var s = plan(launched(), T0.plusSeconds(90), List.of(done)).status();

    assertThat(s.phase()).isEqualTo(Phase.Succeeded);
    assertThat(s.result().recordsWritten()).isEqualTo(65);
    assertThat(s.finishedAt()).isEqualTo(T0.plusSeconds(90).toString());
    assertThat(s.attempts().get(0).state()).isEqualTo(AttemptState.Succeeded);
    assertThat(s.attempts().get(0).finishedAt()).isEqualTo(T0.plusSeconds(65).toString());
    // 2432 MiB for 60 s of run time
    assertThat(s.attempts().get(0).gibSeconds()).isEqualTo(142.5);
    assertThat(s.message()).startsWith("merged 65 new record(s) into file:///data/clean/products");
    assertThat(condition(s, "Ready").status()).isEqualTo("True");
    assertThat(condition(s, "Reconciling").status()).isEqualTo("False");
  }

  @Test
  void anExecutorOomSchedulesARetryWithMoreExecutorMemoryAfterTheBackoff() {
    var driver = Batches.driver(1, PodPhase.Failed, T0, new Termination(1, "Error", "job aborted"));
    var oom = Batches.executor(1, 1, T0, new Termination(137, "OOMKilled", ""));
    var at = T0.plusSeconds(100);

    var p = plan(launched(), at, List.of(driver, oom));

    var s = p.status();
    assertThat(s.phase()).isEqualTo(Phase.Retrying);
    assertThat(s.attempt()).isEqualTo(2);
    AttemptStatus first = s.attempts().get(0);
    AttemptStatus second = s.attempts().get(1);
    assertThat(first.state()).isEqualTo(AttemptState.Failed);
    assertThat(first.failure().type()).isEqualTo(FailureClass.ExecutorOOM);
    assertThat(first.failure().retryable()).isTrue();
    assertThat(second.state()).isEqualTo(AttemptState.Pending);
    assertThat(second.sizing().executorMemory()).isEqualTo("6Gi");
    assertThat(second.adjustment()).isEqualTo("ExecutorOOM: executor memory 4Gi → 6Gi");
    assertThat(s.nextAttemptAt()).isEqualTo(at.plusSeconds(30).toString());
    assertThat(p.requeueAfter()).contains(Duration.ofSeconds(30));
    assertThat(p.notes())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.warning()).isTrue();
              assertThat(n.reason()).isEqualTo("Retrying");
            });
    assertThat(p.actions()).isEmpty();

    var tooEarly = plan(s, at.plusSeconds(10), List.of(driver, oom));
    assertThat(tooEarly.actions()).isEmpty();
    assertThat(tooEarly.status().phase()).isEqualTo(Phase.Retrying);

    var due = plan(s, at.plusSeconds(30), List.of(driver, oom));
    assertThat(due.actions())
        .singleElement()
        .isInstanceOfSatisfying(
            Plan.Action.LaunchAttempt.class,
            l -> {
              assertThat(l.attempt()).isEqualTo(2);
              assertThat(l.sizing().executorMemory()).isEqualTo(Memory.gib(6));
            });
    assertThat(due.status().phase()).isEqualTo(Phase.Launching);
    assertThat(due.status().attempts().get(1).driverPod()).isEqualTo(Batches.driverName(2));
  }

  @Test
  void anExecutorKilledWithoutAnOomIsNotReadAsOutOfMemory() {
    var driver = Batches.driver(1, PodPhase.Failed, T0, new Termination(1, "Error", "job aborted"));
    var killed = Batches.executor(1, 1, T0, new Termination(137, "Error", ""));

    var s = plan(launched(), T0.plusSeconds(100), List.of(driver, killed)).status();

    assertThat(s.attempts().get(0).failure().type()).isEqualTo(FailureClass.Unknown);
  }

  @Test
  void exhaustedAttemptsFailTheBatchWithTheFullHistory() {
    var s = launched();
    var now = T0;
    for (int attempt = 1; attempt <= 3; attempt++) {
      now = now.plus(Duration.ofMinutes(30));
      if (attempt > 1) {
        s = plan(s, now, List.of()).status(); // launch after backoff
      }
      var crashed =
          Batches.driver(attempt, PodPhase.Failed, now, new Termination(1, "Error", "boom"));
      s = plan(s, now.plusSeconds(70), List.of(crashed)).status();
    }

    assertThat(s.phase()).isEqualTo(Phase.Failed);
    assertThat(s.attempts())
        .hasSize(3)
        .allSatisfy(
            a -> {
              assertThat(a.state()).isEqualTo(AttemptState.Failed);
              assertThat(a.failure().type()).isEqualTo(FailureClass.Unknown);
            });
    assertThat(s.message()).startsWith("all 3 attempts failed; last: Unknown");
    assertThat(condition(s, "Stalled").status()).isEqualTo("True");
    assertThat(s.finishedAt()).isNotNull();
  }

  @Test
  void aSerializationErrorFailsTheBatchAtOnce() {
    var report =
        "{\"exitCode\":12,\"failureClass\":\"SerializationError\",\"message\":\"Task not serializable\"}";
    var driver = Batches.driver(1, PodPhase.Failed, T0, new Termination(12, "Error", report));

    var s = plan(launched(), T0.plusSeconds(70), List.of(driver)).status();

    assertThat(s.phase()).isEqualTo(Phase.Failed);
    assertThat(s.attempts()).hasSize(1);
    assertThat(s.attempts().get(0).failure().retryable()).isFalse();
    assertThat(s.message()).isEqualTo("SerializationError is not retryable: Task not serializable");
  }

  @Test
  void aContractViolationFailsAtOnceAndKeepsTheQuarantineCounts() {
    var report =
        "{\"exitCode\":10,\"failureClass\":\"ContractViolation\",\"message\":\"invalid ratio 0.31\","
            + "\"result\":{\"recordsRead\":100,\"recordsQuarantined\":31}}";
    var driver = Batches.driver(1, PodPhase.Failed, T0, new Termination(10, "Error", report));

    var s = plan(launched(), T0.plusSeconds(70), List.of(driver)).status();

    assertThat(s.phase()).isEqualTo(Phase.Failed);
    assertThat(s.result().recordsQuarantined()).isEqualTo(31);
    assertThat(s.attempts().get(0).failure().type()).isEqualTo(FailureClass.ContractViolation);
  }

  @Test
  void anEvictedDriverIsRetriedWithTheSameSizing() {
    var evicted =
        Batches.pod(
            Batches.driverName(1),
            PodRole.DRIVER,
            1,
            PodPhase.Failed,
            T0,
            null,
            Map.of(),
            Optional.of("Evicted"));

    var s = plan(launched(), T0.plusSeconds(70), List.of(evicted)).status();

    assertThat(s.phase()).isEqualTo(Phase.Retrying);
    assertThat(s.attempts().get(0).failure().type()).isEqualTo(FailureClass.Infrastructure);
    assertThat(s.attempts().get(1).sizing()).isEqualTo(s.attempts().get(0).sizing());
  }

  @Test
  void aDriverThatVanishesWhileRunningIsAnInfrastructureFailure() {
    var running =
        plan(launched(), T0.plusSeconds(30), List.of(Batches.driver(1, PodPhase.Running, T0, null)))
            .status();

    var s = plan(running, T0.plusSeconds(60), List.of()).status();

    assertThat(s.attempts().get(0).failure().message())
        .isEqualTo("the driver pod disappeared while running");
    assertThat(s.phase()).isEqualTo(Phase.Retrying);
  }

  @Test
  void anAttemptOverItsTimeoutIsStoppedAndRetried() {
    var running = Batches.driver(1, PodPhase.Running, T0, null);

    var p = plan(launched(), T0.plus(Duration.ofHours(3)), List.of(running));

    assertThat(p.actions()).contains(new Plan.Action.DeletePod(running.name(), "attempt timeout"));
    assertThat(p.status().attempts().get(0).failure().message()).contains("ran longer than PT2H");
  }

  @Test
  void anInputThatCannotBeFoundFailsTheBatchWithoutLaunching() {
    var p =
        plan(
            Batches.spec(),
            null,
            T0,
            List.of(),
            Optional.of(new ProbeResult.Unavailable("no files match")));

    assertThat(p.actions()).isEmpty();
    assertThat(p.status().phase()).isEqualTo(Phase.Failed);
    assertThat(p.status().message()).contains("BadConfiguration").contains("no files match");
  }

  @Test
  void aFinishedBatchIgnoresSpecChangesButRecordsTheGeneration() {
    var done =
        plan(
                launched(),
                T0.plusSeconds(90),
                List.of(
                    Batches.driver(
                        1, PodPhase.Succeeded, T0, new Termination(0, "Completed", REPORT_OK))))
            .status();

    var p =
        lifecycle.plan(Batches.snapshot(2, Batches.spec(), done, List.of(), T0.plusSeconds(500)));

    assertThat(p.actions()).isEmpty();
    assertThat(p.status().phase()).isEqualTo(Phase.Succeeded);
    assertThat(p.status().observedGeneration()).isEqualTo(2);
    // The lifecycle's probe refuses: a finished batch is never measured again.
    var probe = ScriptedProbe.refusing();
    measuring(probe).plan(Batches.snapshot(2, Batches.spec(), done, List.of(), T0));
    assertThat(probe.asked).isEmpty();
  }

  @Test
  void changingSpecRerunRunsAFinishedBatchAgainWithFreshAttemptNumbers() {
    var done =
        plan(
                launched(),
                T0.plusSeconds(90),
                List.of(
                    Batches.driver(
                        1, PodPhase.Succeeded, T0, new Termination(0, "Completed", REPORT_OK))))
            .status();
    var spec = Batches.spec(null, "again");
    var snapshot = Batches.snapshot(2, spec, done, List.of(), T0.plusSeconds(600));

    var probe = new ScriptedProbe(Optional.of(BIG));
    var p = measuring(probe).plan(snapshot);
    assertThat(probe.asked).containsExactly(spec.source().uri());

    assertThat(p.status().phase()).isEqualTo(Phase.Launching);
    assertThat(p.status().observedRerun()).isEqualTo("again");
    assertThat(p.status().attempts())
        .singleElement()
        .satisfies(a -> assertThat(a.number()).isEqualTo(2));
    assertThat(p.status().result()).isNull();
    assertThat(p.notes()).extracting(Plan.Note::reason).containsExactly("Rerun", "Launching");
  }

  @Test
  void theTtlDeletesAFinishedBatchOnlyOnceItHasPassed() {
    var spec = Batches.spec(3600L, null);
    var done =
        plan(
                launched(),
                T0.plusSeconds(90),
                List.of(
                    Batches.driver(
                        1, PodPhase.Succeeded, T0, new Termination(0, "Completed", REPORT_OK))))
            .status();

    var early = plan(spec, done, T0.plusSeconds(90 + 600), List.of(), Optional.empty());
    assertThat(early.actions()).isEmpty();
    assertThat(early.requeueAfter()).contains(Duration.ofSeconds(3000));

    var due = plan(spec, done, T0.plusSeconds(90 + 3600), List.of(), Optional.empty());
    assertThat(due.actions()).singleElement().isInstanceOf(Plan.Action.DeleteBatch.class);
  }

  @Test
  void finishingABatchWithATtlLooksAgainWhenItExpires() {
    var spec = Batches.spec(600L, null);
    var done =
        Batches.driver(1, PodPhase.Succeeded, T0, new Termination(0, "Completed", REPORT_OK));

    var p = plan(spec, launched(), T0.plusSeconds(90), List.of(done), Optional.empty());

    assertThat(p.status().phase()).isEqualTo(Phase.Succeeded);
    assertThat(p.status().progress()).isNull();
    assertThat(p.requeueAfter()).contains(Duration.ofSeconds(600));
    var immediate =
        plan(
            Batches.spec(0L, null),
            launched(),
            T0.plusSeconds(90),
            List.of(done),
            Optional.empty());
    assertThat(immediate.actions()).singleElement().isInstanceOf(Plan.Action.DeleteBatch.class);
  }

  @Test
  void theSameSnapshotAlwaysYieldsTheSamePlan() {
    var snapshot =
        Batches.snapshot(
            1,
            Batches.spec(),
            launched(),
            List.of(Batches.driver(1, PodPhase.Running, T0, null)),
            T0.plusSeconds(40));

    assertThat(lifecycle.plan(snapshot)).isEqualTo(lifecycle.plan(snapshot));
  }

  private static Condition condition(ScrapeBatchStatus s, String type) {
    return s.conditions().stream().filter(c -> c.type().equals(type)).findFirst().orElseThrow();
  }
}
