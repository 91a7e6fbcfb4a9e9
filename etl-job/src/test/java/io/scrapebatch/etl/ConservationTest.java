package io.scrapebatch.etl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrapebatch.api.job.ExitCode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConservationTest {
  // 100 read: 10 invalid, 90 valid → 70 distinct keys (20 duplicates) → 50 inserted, 20 present.
  private static final BatchCounts COUNTS = new BatchCounts(100, 2, 10, Map.of(), List.of());

  @Test
  void balancedCountsPass() {
    Conservation.check(COUNTS, new DedupCounts(90, 70), merge(50, Optional.of(70L)));
    Conservation.check(
        COUNTS, new DedupCounts(90, 70), merge(0, Optional.empty())); // no commit: all present
  }

  @Test
  void rowsLostBeforeTheDedupFail() {
    assertFails(new DedupCounts(89, 70), merge(50, Optional.of(70L)));
  }

  @Test
  void aDedupThatKeptNothingOfSomethingFails() {
    assertFails(new DedupCounts(90, 0), merge(0, Optional.empty()));
  }

  @Test
  void aMergeThatReadOtherRowsThanTheDedupKeptFails() {
    assertFails(new DedupCounts(90, 70), merge(50, Optional.of(71L)));
    assertFails(new DedupCounts(90, 70), merge(75, Optional.of(70L)));
  }

  private static void assertFails(DedupCounts dedup, DeltaSink.MergeOutcome merge) {
    assertThatThrownBy(() -> Conservation.check(COUNTS, dedup, merge))
        .isInstanceOfSatisfying(
            JobFailure.class,
            f -> assertThat(f.exitCode()).isEqualTo(ExitCode.CONSERVATION_VIOLATED));
  }

  private static DeltaSink.MergeOutcome merge(long inserted, Optional<Long> sourceRows) {
    return new DeltaSink.MergeOutcome(Optional.empty(), 1, inserted, sourceRows, 1);
  }
}
