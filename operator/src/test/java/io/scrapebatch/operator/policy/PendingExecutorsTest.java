package io.scrapebatch.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.v1alpha1.FailureClass;
import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.api.v1alpha1.ScrapeBatchStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Executors that cannot start end the attempt after {@code timeouts.pending} (10m here). */
class PendingExecutorsTest {
  static final Instant T0 = BatchLifecycleTest.T0;
  static final String NO_NODE =
      "0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available: 3 No"
          + " preemption victims found for incoming pod.";

  private final BatchLifecycle lifecycle =
      BatchLifecycleTest.measuring(new ScriptedProbe(Optional.of(BatchLifecycleTest.BIG)));

  private Plan plan(ScrapeBatchStatus status, Instant now, List<PodObservation> pods) {
    return lifecycle.plan(Batches.snapshot(1, Batches.spec(), status, pods, now));
  }

  private ScrapeBatchStatus launched() {
    return plan(null, T0, List.of()).status();
  }

  private static PodObservation unschedulable(int id, Instant created) {
    var e = Batches.executor(1, id, created, null);
    return new PodObservation(
        e.name(),
        e.role(),
        e.attempt(),
        PodPhase.Pending,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(NO_NODE),
        created,
        Optional.empty(),
        Optional.empty(),
        e.memoryLimit(),
        e.annotations());
  }

  @Test
  void executorsPendingPastTheTimeoutWhileNoneRunsFailTheAttemptWithTheSchedulersMessage() {
    var driver = Batches.driver(1, PodPhase.Running, T0, null);
    var created = T0.plusSeconds(10);
    var pods = List.of(driver, unschedulable(1, created), unschedulable(2, created));

    var p = plan(launched(), created.plus(Duration.ofMinutes(10)), pods);

    assertThat(p.actions())
        .contains(new Plan.Action.DeletePod(driver.name(), "executors pending timeout"));
    var s = p.status();
    assertThat(s.phase()).isEqualTo(Phase.Retrying);
    var failure = s.attempts().get(0).failure();
    assertThat(failure.type()).isEqualTo(FailureClass.Infrastructure);
    assertThat(failure.retryable()).isTrue();
    assertThat(failure.message())
        .startsWith("2 executor pod(s) stayed Pending longer than PT10M and none ran")
        .contains("Insufficient memory");
    assertThat(failure.evidence())
        .hasSize(2)
        .allSatisfy(e -> assertThat(e).contains("unschedulable: " + NO_NODE));
    assertThat(s.attempts().get(1).sizing()).isEqualTo(s.attempts().get(0).sizing());
  }

  @Test
  void beforeTheTimeoutTheAttemptRunsOnAndLooksAgainWhenItIsDue() {
    var driver = Batches.driver(1, PodPhase.Running, T0, null);
    var created = T0.plusSeconds(10);
    var now = created.plus(Duration.ofMinutes(4));

    var p = plan(launched(), now, List.of(driver, unschedulable(1, created)));

    assertThat(p.status().phase()).isEqualTo(Phase.Running);
    assertThat(p.actions()).isEmpty();
    assertThat(p.requeueAfter()).contains(Duration.ofMinutes(6));
  }

  @Test
  void withOneExecutorRunningThePendingOnesDoNotStopTheAttempt() {
    var driver = Batches.driver(1, PodPhase.Running, T0, null);
    var created = T0.plusSeconds(10);
    var pods = List.of(driver, Batches.executor(1, 1, created, null), unschedulable(2, created));

    var p = plan(launched(), created.plus(Duration.ofMinutes(30)), pods);

    assertThat(p.status().phase()).isEqualTo(Phase.Running);
    assertThat(p.actions()).isEmpty();
  }

  @Test
  void repeatedlyUnschedulableExecutorsEndTheBatchFailedWithTheSchedulersMessage() {
    var status = launched();
    Instant now = T0;
    for (int attempt = 1; attempt <= 3; attempt++) {
      // The next attempt's driver starts once its backoff has passed, and its executors hang too.
      now = Instant.parse(Optional.ofNullable(status.nextAttemptAt()).orElse(now.toString()));
      status = plan(status, now, List.of()).status();
      var driver = Batches.driver(attempt, PodPhase.Running, now, null);
      var e = unschedulable(1, now);
      var pending =
          new PodObservation(
              new ResourceNames(Batches.NAME, Batches.UID, attempt).prefix() + "-exec-1",
              e.role(),
              attempt,
              e.phase(),
              e.reason(),
              e.message(),
              e.termination(),
              e.waitingReason(),
              e.unschedulable(),
              e.createdAt(),
              e.startedAt(),
              e.finishedAt(),
              e.memoryLimit(),
              e.annotations());
      now = now.plus(Duration.ofMinutes(11));
      status = plan(status, now, List.of(driver, pending)).status();
    }

    assertThat(status.phase()).isEqualTo(Phase.Failed);
    assertThat(status.message())
        .startsWith("all 3 attempts failed; last: Infrastructure: 1 executor pod(s) stayed Pending")
        .contains("Insufficient memory");
  }
}
