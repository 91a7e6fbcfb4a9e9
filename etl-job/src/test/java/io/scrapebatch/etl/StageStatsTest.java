package io.scrapebatch.etl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StageStatsTest {

  @Test
  void theMedianIsTakenOverCompletedTasksAndTheSlowestIncludesTheFailedOne() {
    var stats = StageStats.of(0, "scan", List.of(200L, 300L, 250L), List.of(6_000L), 0, 0, 0);

    assertThat(stats.tasks()).isEqualTo(4);
    assertThat(stats.completedTasks()).isEqualTo(3);
    assertThat(stats.medianTaskMillis()).isEqualTo(250);
    assertThat(stats.maxTaskMillis()).isEqualTo(6_000);
    assertThat(stats.skewRatio()).isEqualTo(24.0);
  }

  @Test
  void attemptsADyingExecutorRejectedAtOnceDoNotMakeASkew() {
    // The hot task ran out of memory; its retry and a sibling were rejected within milliseconds.
    var stats = StageStats.of(0, "scan", List.of(), List.of(6_000L, 3L, 2L), 0, 0, 0);

    assertThat(stats.medianTaskMillis()).isZero();
    assertThat(stats.skewRatio()).isEqualTo(1.0);
  }

  @Test
  void evenlySpreadTasksAreNotSkewed() {
    var stats =
        StageStats.of(3, "merge", List.of(900L, 1_000L, 1_100L, 1_000L), List.of(), 0, 0, 0);

    assertThat(stats.skewRatio()).isEqualTo(1.1);
    assertThat(stats.toSkew().ratio()).isEqualTo(1.1);
  }
}
