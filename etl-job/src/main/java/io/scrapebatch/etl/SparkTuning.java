package io.scrapebatch.etl;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Spark and Delta settings the job applies to its own steps, unless the session sets them itself
 * (spark conf from the user or the operator wins). Each is measured in BENCHMARKS.md.
 */
final class SparkTuning {
  /** Delta's default number of partitions for replaying a table's log. */
  static final int DELTA_SNAPSHOT_PARTITIONS = 50;

  /**
   * Up to this many partition values in a batch, the MERGE writes each task's rows straight into
   * per-value files instead of first shuffling them by the partition column.
   */
  static final int DIRECT_WRITE_MAX_PARTITION_VALUES = 4;

  /** Log bytes one snapshot partition replays, roughly: small tables replay in one task. */
  static final long LOG_BYTES_PER_SNAPSHOT_PARTITION = 16L << 20;

  private SparkTuning() {}

  /**
   * While the validated rows are cached: uncompressed column batches. Compressing them (run length
   * and dictionary statistics over every value) cost about a tenth of the whole run's CPU; the
   * cache lives only for the run and spills to disk when memory is short.
   */
  static Map<String, String> cache() {
    return Map.of("spark.sql.inMemoryColumnarStorage.compressed", "false");
  }

  /**
   * While a Delta table is written (the quarantine append, the MERGE): Delta replays the table's
   * log with {@code snapshotPartitions} tasks, 50 by default whatever its size — seconds of
   * scheduling for a log of a few kilobytes. One task per ~16 MiB of log, at most Delta's 50.
   */
  static Map<String, String> deltaWrite(long logBytes) {
    long partitions =
        Math.min(
            DELTA_SNAPSHOT_PARTITIONS,
            Math.max(1, ceilDiv(logBytes, LOG_BYTES_PER_SNAPSHOT_PARTITION)));
    return Map.of("spark.databricks.delta.snapshotPartitions", String.valueOf(partitions));
  }

  /**
   * While the MERGE runs, besides {@link #deltaWrite}.
   *
   * <ul>
   *   <li>{@code windowGroupLimitThreshold = -1}: no partial "first row per key" before the dedup's
   *       shuffle. It sorts every input partition to drop the few duplicates found there (most
   *       versions of a key sit in other partitions), and the sort cost more than the shuffle it
   *       saved.
   *   <li>With few partition values (at most {@value #DIRECT_WRITE_MAX_PARTITION_VALUES}, e.g. the
   *       one or two days of a daily batch) no shuffle by the partition column before writing
   *       ({@code repartitionBeforeWrite}), and one open file per value in each task instead of a
   *       sort by it ({@code maxConcurrentOutputFileWriters}): each task writes one file per value.
   *       With many values (hourly partitions over days) Delta's default stays: a shuffle by the
   *       partition column, fewer and larger files.
   * </ul>
   */
  static Map<String, String> merge(long targetLogBytes, int partitionValues) {
    var conf = new LinkedHashMap<>(deltaWrite(targetLogBytes));
    conf.put("spark.sql.optimizer.windowGroupLimitThreshold", "-1");
    if (partitionValues > 0 && partitionValues <= DIRECT_WRITE_MAX_PARTITION_VALUES) {
      conf.put("spark.databricks.delta.merge.repartitionBeforeWrite.enabled", "false");
      conf.put("spark.sql.maxConcurrentOutputFileWriters", String.valueOf(partitionValues));
    }
    return conf;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
