package io.scrapebatch.etl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SparkTuningTest {
  private static final String SNAPSHOT = "spark.databricks.delta.snapshotPartitions";
  private static final String REPARTITION =
      "spark.databricks.delta.merge.repartitionBeforeWrite.enabled";
  private static final String WRITERS = "spark.sql.maxConcurrentOutputFileWriters";

  @Test
  void aSmallLogReplaysInOneTaskALargeOneInUpToDeltasFifty() {
    assertThat(SparkTuning.merge(0, 1)).containsEntry(SNAPSHOT, "1");
    assertThat(SparkTuning.merge(40_000, 1)).containsEntry(SNAPSHOT, "1");
    assertThat(SparkTuning.merge(100L << 20, 1)).containsEntry(SNAPSHOT, "7");
    assertThat(SparkTuning.merge(10L << 30, 1)).containsEntry(SNAPSHOT, "50");
  }

  @Test
  void fewPartitionValuesAreWrittenWithoutAShuffleManyWithDeltasRepartition() {
    assertThat(SparkTuning.merge(0, 2))
        .containsEntry(REPARTITION, "false")
        .containsEntry(WRITERS, "2");
    assertThat(SparkTuning.merge(0, SparkTuning.DIRECT_WRITE_MAX_PARTITION_VALUES + 1))
        .doesNotContainKeys(REPARTITION, WRITERS);
    assertThat(SparkTuning.merge(0, 0))
        .as("unpartitioned")
        .doesNotContainKeys(REPARTITION, WRITERS);
  }

  @Test
  void theDedupNeverAddsAPartialGroupLimitAndTheCacheIsUncompressed() {
    assertThat(SparkTuning.merge(0, 1))
        .containsEntry("spark.sql.optimizer.windowGroupLimitThreshold", "-1");
    assertThat(SparkTuning.cache())
        .containsEntry("spark.sql.inMemoryColumnarStorage.compressed", "false");
  }
}
