package io.scrapebatch.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.v1alpha1.AttemptStatus;
import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.api.v1alpha1.ScrapeBatchStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An attempt's driver is looked up by the name recorded when it was launched, so an operator that
 * names pods differently (long names are now cut to Spark's limits) still follows the attempts an
 * older one launched instead of calling their drivers lost.
 */
class RecordedDriverNameTest {
  static final Instant T0 = BatchLifecycleTest.T0;

  @Test
  void aDriverLaunchedUnderAnOlderNameIsStillFollowed() {
    var lifecycle =
        BatchLifecycleTest.measuring(new ScriptedProbe(Optional.of(BatchLifecycleTest.BIG)));
    ScrapeBatchStatus launched =
        lifecycle.plan(Batches.snapshot(1, Batches.spec(), null, List.of(), T0)).status();
    String oldName = "products-written-by-an-older-operator-a1-driver";
    var a = launched.attempts().get(0);
    var renamed =
        new AttemptStatus(
            a.number(),
            a.state(),
            a.sizing(),
            a.adjustment(),
            a.startedAt(),
            a.finishedAt(),
            oldName,
            a.executorPods(),
            a.executorsSeen(),
            a.failure(),
            a.skew(),
            a.gibSeconds(),
            a.generation());
    var status =
        new ScrapeBatchStatus(
            launched.phase(),
            launched.observedGeneration(),
            launched.conditions(),
            launched.attempt(),
            launched.input(),
            new ArrayList<>(List.of(renamed)),
            launched.attemptsDropped(),
            launched.result(),
            launched.progress(),
            launched.message(),
            launched.nextAttemptAt(),
            launched.finishedAt(),
            launched.observedRerun(),
            launched.inputProbeFailures());
    var driver =
        Batches.pod(
            oldName, PodRole.DRIVER, 1, PodPhase.Running, T0, null, Map.of(), Optional.empty());

    var p =
        lifecycle.plan(
            Batches.snapshot(1, Batches.spec(), status, List.of(driver), T0.plusSeconds(30)));

    assertThat(p.status().phase()).isEqualTo(Phase.Running);
    assertThat(p.status().attempts().get(0).driverPod()).isEqualTo(oldName);
    assertThat(p.actions()).isEmpty();
  }
}
