package io.scrapebatch.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.api.v1alpha1.ScrapeBatchStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReconcileFailureTest {
  static final Instant T0 = Instant.parse("2026-05-19T02:00:00Z");
  static final String QUOTA =
      "pods \"products-1a2b3-a1-driver\" is forbidden: exceeded quota: no-pods, requested: pods=1";

  @Test
  void aBatchNeverWrittenShowsTheRefusalAsPendingWithReconcilingTrue() {
    var failure = new ReconcileFailure(QUOTA, 1, "trying again after 2s");

    ScrapeBatchStatus s = failure.status(null, 1, T0);

    assertThat(s.phase()).isEqualTo(Phase.Pending);
    assertThat(s.observedGeneration()).isEqualTo(1);
    assertThat(s.message())
        .isEqualTo(
            "the operator could not act on the batch (failure 1, trying again after 2s): " + QUOTA);
    assertThat(s.conditions())
        .filteredOn(c -> c.type().equals("Reconciling"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.status()).isEqualTo("True");
              assertThat(c.message()).contains("exceeded quota");
            });
    assertThat(failure.event().warning()).isTrue();
    assertThat(failure.event().reason()).isEqualTo("ReconcileFailed");
    assertThat(failure.event().message()).isEqualTo(s.message());
  }

  @Test
  void aBatchMidRunKeepsItsPhaseAndAttemptsAndOnlyItsMessageChanges() {
    var lifecycle =
        BatchLifecycleTest.measuring(new ScriptedProbe(Optional.of(BatchLifecycleTest.BIG)));
    var launching =
        lifecycle.plan(Batches.snapshot(1, Batches.spec(), null, List.of(), T0)).status();

    var s = new ReconcileFailure(QUOTA, 3, "trying again after 8s").status(launching, 1, T0);

    assertThat(s.phase()).isEqualTo(launching.phase());
    assertThat(s.attempts()).isEqualTo(launching.attempts());
    assertThat(s.input()).isEqualTo(launching.input());
    assertThat(s.message()).contains("failure 3").endsWith(QUOTA);
  }

  @Test
  void aLongAnswerIsCutToTheStatusLimit() {
    var s = new ReconcileFailure("x".repeat(5000), 1, "again").status(null, 1, T0);

    assertThat(s.message().length()).isLessThan(StatusLimits.MESSAGE_CHARS + 100);
  }
}
