package io.scrapebatch.etl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrapebatch.api.job.ExitCode;
import io.scrapebatch.api.v1alpha1.FailureClass;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConservationTest {
  // 100 read: 10 invalid, 90 valid → 70 distinct keys (20 duplicates) → 50 inserted, 20 present.
  private static final BatchCounts COUNTS = new BatchCounts(100, 2, 10, Map.of(), List.of());

  @Test
  void balancedCountsPass() {
    Conservation.check(COUNTS, new DedupCounts(90, 70), merge(50, 70));
    Conservation.check(COUNTS, new DedupCounts(90, 70), merge(0, 70)); // every key present
  }

  @Test
  void rowsLostBeforeTheDedupFail() {
    assertFails(new DedupCounts(89, 70), merge(50, 70));
  }

  @Test
  void aDedupThatKeptNothingOfSomethingFails() {
    assertFails(new DedupCounts(90, 0), merge(0, 0));
  }

  @Test
  void aMergeThatReadOtherRowsThanTheDedupKeptFails() {
    assertFails(new DedupCounts(90, 70), merge(50, 71));
    assertFails(new DedupCounts(90, 70), merge(75, 70));
  }

  @Test
  void alreadyPresentIsTheMergesOwnFigureSoAMergeThatReadFewerRowsFails() {
    // The MERGE read 60 of the 70 kept rows: present is 10, not the 20 the other terms imply.
    assertFails(new DedupCounts(90, 70), merge(50, 60));
  }

  @Test
  void aViolationExitsFourteenNotRetriedWithTheNumbersInItsMessage() {
    assertThatThrownBy(() -> Conservation.check(COUNTS, new DedupCounts(90, 70), merge(50, 60)))
        .isInstanceOfSatisfying(
            JobFailure.class,
            f -> {
              Failure failure = FailureClassifier.classify(f);
              assertThat(failure.exitCode().code()).isEqualTo(14);
              assertThat(failure.failureClass()).isEqualTo(FailureClass.ConservationViolated);
              assertThat(failure.message())
                  .contains("read 100 != written 50 + duplicates 20 + present 10 + quarantined 10")
                  .contains("MERGE read 60");
            });
  }

  @Test
  void theQuarantineMustHaveReadEveryInvalidRow() {
    Conservation.checkQuarantine(COUNTS, merge(4, 10)); // 6 quarantined by an earlier attempt
    assertThatThrownBy(() -> Conservation.checkQuarantine(COUNTS, merge(4, 9)))
        .isInstanceOfSatisfying(
            JobFailure.class,
            f -> {
              assertThat(f.exitCode()).isEqualTo(ExitCode.CONSERVATION_VIOLATED);
              assertThat(f.getMessage()).contains("10 rows were invalid").contains("read 9");
            });
  }

  private static void assertFails(DedupCounts dedup, DeltaSink.MergeOutcome merge) {
    assertThatThrownBy(() -> Conservation.check(COUNTS, dedup, merge))
        .isInstanceOfSatisfying(
            JobFailure.class,
            f -> assertThat(f.exitCode()).isEqualTo(ExitCode.CONSERVATION_VIOLATED));
  }

  private static DeltaSink.MergeOutcome merge(long inserted, long sourceRows) {
    return new DeltaSink.MergeOutcome(Optional.empty(), 1, inserted > 0, sourceRows, inserted, 1);
  }
}
