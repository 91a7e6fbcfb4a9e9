package io.scrapebatch.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.api.v1alpha1.ScrapeBatchSpec;
import io.scrapebatch.api.v1alpha1.ScrapeBatchStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A run keeps the generation it started with; an edit while it is under way applies through {@code
 * spec.rerun}, and the status says which generation each attempt ran.
 */
class SpecEditDuringARunTest {
  static final Instant T0 = BatchLifecycleTest.T0;
  static final String REPORT_OK = BatchLifecycleTest.REPORT_OK;

  private final ScriptedProbe probe = new ScriptedProbe(Optional.of(BatchLifecycleTest.BIG));
  private final BatchLifecycle lifecycle = BatchLifecycleTest.measuring(probe);

  private Plan plan(
      long generation,
      ScrapeBatchSpec spec,
      ScrapeBatchStatus status,
      Instant now,
      List<PodObservation> pods,
      TableLock tables) {
    return lifecycle.plan(Batches.snapshot(generation, spec, status, pods, tables, now));
  }

  private Plan plan(long generation, ScrapeBatchStatus status, Instant now, PodObservation... p) {
    return plan(generation, Batches.spec(), status, now, List.of(p), TableLock.free());
  }

  /** Generation 1's first attempt, its driver running. */
  private ScrapeBatchStatus running() {
    var launched = plan(1, null, T0).status();
    return plan(1, launched, T0.plusSeconds(30), Batches.driver(1, PodPhase.Running, T0, null))
        .status();
  }

  @Test
  void theRunningAttemptRunsOnWithTheGenerationItStartedWith() {
    var p = plan(2, running(), T0.plusSeconds(60), Batches.driver(1, PodPhase.Running, T0, null));

    var s = p.status();
    assertThat(s.phase()).isEqualTo(Phase.Running);
    assertThat(s.observedGeneration()).isEqualTo(2);
    assertThat(s.attempts())
        .singleElement()
        .satisfies(a -> assertThat(a.generation()).isEqualTo(1));
    assertThat(p.actions()).isEmpty();
  }

  @Test
  void aFailureAfterTheEditIsNotRetriedWithTheNewSpecAndSaysHowToApplyIt() {
    var failed =
        Batches.driver(
            1, PodPhase.Failed, T0, new Termination(1, "Error", "java.lang.IllegalStateException"));

    var p = plan(2, running(), T0.plusSeconds(90), failed);

    var s = p.status();
    assertThat(s.phase()).isEqualTo(Phase.Failed);
    assertThat(s.attempts()).hasSize(1);
    assertThat(s.message())
        .startsWith("attempt 1 failed: Unknown")
        .endsWith(
            "attempt 2 not launched: the spec changed to generation 2 while the run of"
                + " generation 1 was under way; set spec.rerun to run the new spec");
    assertThat(p.actions()).noneMatch(a -> a instanceof Plan.Action.LaunchAttempt);
  }

  @Test
  void aRetryWaitingOutItsBackoffIsNotLaunchedAfterTheEdit() {
    var failed =
        Batches.driver(
            1, PodPhase.Failed, T0, new Termination(1, "Error", "java.lang.IllegalStateException"));
    var retrying = plan(1, running(), T0.plusSeconds(90), failed).status();
    assertThat(retrying.phase()).isEqualTo(Phase.Retrying);
    assertThat(retrying.attempts().get(1).generation()).isEqualTo(1);

    var p = plan(2, retrying, Instant.parse(retrying.nextAttemptAt()), failed);

    assertThat(p.status().phase()).isEqualTo(Phase.Failed);
    assertThat(p.status().message()).contains("attempt 2 not launched").contains("spec.rerun");
    assertThat(p.actions()).noneMatch(a -> a instanceof Plan.Action.LaunchAttempt);
  }

  @Test
  void anEditBeforeAnythingLaunchedIsMeasuredAndPlannedAfresh() {
    var holder =
        new TableHolder("scrapes/other", TableId.of(Batches.spec().target().table()), true);
    var queued = plan(1, Batches.spec(), null, T0, List.of(), TableLock.blockedBy(holder)).status();
    assertThat(queued.phase()).isEqualTo(Phase.Queued);
    assertThat(probe.asked).hasSize(1);

    var p = plan(2, queued, T0.plusSeconds(60));

    assertThat(probe.asked).hasSize(2);
    assertThat(p.status().input().measuredAt()).isEqualTo(T0.plusSeconds(60).toString());
    assertThat(p.status().attempts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.number()).isEqualTo(1);
              assertThat(a.generation()).isEqualTo(2);
            });
    assertThat(p.actions()).anyMatch(a -> a instanceof Plan.Action.LaunchAttempt);
  }

  @Test
  void aSuccessAfterTheEditSaysWhichGenerationRanAndARerunRunsTheNewOne() {
    var succeeded =
        Batches.driver(1, PodPhase.Succeeded, T0, new Termination(0, "Completed", REPORT_OK));

    var done = plan(2, running(), T0.plusSeconds(90), succeeded).status();

    assertThat(done.phase()).isEqualTo(Phase.Succeeded);
    assertThat(done.observedGeneration()).isEqualTo(2);
    assertThat(done.message())
        .endsWith("; it ran generation 1, generation 2 applies through spec.rerun");

    var rerun =
        plan(3, Batches.spec(null, "again"), done, T0.plusSeconds(120), List.of(), TableLock.free())
            .status();
    assertThat(rerun.phase()).isEqualTo(Phase.Launching);
    assertThat(rerun.attempts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.number()).isEqualTo(2);
              assertThat(a.generation()).isEqualTo(3);
            });
  }
}
