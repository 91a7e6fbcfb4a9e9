package io.scrapebatch.etl;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only code that writes storage: an idempotent append to the quarantine table and an
 * insert-only MERGE into the target table, each creating its table when absent. Versions, partition
 * columns and commit metrics come from the transaction log ({@link DeltaLogView}), not from
 * history/detail queries that each run a Spark job.
 */
public final class DeltaSink {
  private static final Logger LOG = LoggerFactory.getLogger(DeltaSink.class);

  /** Above this many partition values the literal pruning predicate is left out (still correct). */
  static final int MAX_PRUNING_VALUES = 1000;

  /** Delta copies this session conf into the next commit's commitInfo.userMetadata. */
  private static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";

  private final SparkSession spark;
  private final DeltaLogView log;

  public DeltaSink(SparkSession spark) {
    this.spark = spark;
    this.log = new DeltaLogView(spark);
  }

  /** An append: whether Delta skipped it as already committed by an earlier attempt. */
  public record AppendOutcome(
      Optional<Long> versionBefore, long versionAfter, boolean alreadyWritten, long rowsWritten) {}

  /** A merge: rows inserted, and rows of the source Delta read (absent when nothing committed). */
  public record MergeOutcome(
      Optional<Long> versionBefore,
      long versionAfter,
      long inserted,
      Optional<Long> sourceRows,
      long filesAdded) {}

  /** The table's current version; empty when no Delta table is there yet. */
  public Optional<Long> version(String table) {
    Optional<Long> version = log.version(table);
    if (version.isEmpty()) {
      requireEmptyOrAbsent(table);
    }
    return version;
  }

  /** Bytes of transaction log a snapshot of the table replays (0 without a table). */
  public long logBytes(String table) {
    return log.logBytes(table);
  }

  /**
   * Appends rows once per (table, appId): Delta records {@code txnAppId/txnVersion} in the commit
   * and skips a write whose version it has seen, so a retried attempt adds nothing.
   */
  public AppendOutcome appendOnce(
      String table, Dataset<Row> rows, String appId, long txnVersion, boolean nonEmpty) {
    Optional<Long> before = version(table);
    if (!nonEmpty) {
      ensureTable(table, rows.schema(), Optional.empty());
      long after = version(table).orElseThrow();
      return new AppendOutcome(before, after, false, 0);
    }
    rows.write()
        .format("delta")
        .mode("append")
        .option("txnAppId", appId)
        .option("txnVersion", txnVersion)
        .save(table);
    long after = version(table).orElseThrow();
    boolean skipped = before.isPresent() && before.get() == after;
    long written =
        skipped ? 0 : log.commit(table, after).flatMap(c -> c.metric("numOutputRows")).orElse(0L);
    if (skipped) {
      LOG.info(
          "{} already holds the rows of transaction {}/{}; append skipped",
          table,
          appId,
          txnVersion);
    }
    return new AppendOutcome(before, after, skipped, written);
  }

  /**
   * Inserts the source rows whose key is not in the table. The ON clause carries the partition
   * column — as a literal IN list of the batch's values, so Delta prunes the files it scans, and as
   * an equality — and no WHEN MATCHED clause: a re-run matches every row and commits nothing.
   */
  public MergeOutcome mergeInsertOnly(
      String table,
      Dataset<Row> source,
      List<String> keys,
      Optional<String> partitionColumn,
      List<Object> partitionValues,
      BatchMarker marker) {
    Optional<Long> before = version(table);
    ensureTable(table, source.schema(), partitionColumn);
    long created = version(table).orElseThrow();
    spark.conf().set(USER_METADATA, marker.toJson());
    try {
      DeltaTable.forPath(spark, table)
          .as("t")
          .merge(source.as("s"), condition(keys, partitionColumn, partitionValues))
          .whenNotMatched()
          .insertAll()
          .execute();
    } finally {
      spark.conf().unset(USER_METADATA);
    }
    long after = version(table).orElseThrow();
    if (after == created) {
      return new MergeOutcome(before, after, 0, Optional.empty(), 0);
    }
    DeltaLogView.Commit commit =
        log.commit(table, after)
            .orElseThrow(
                () -> new IllegalStateException(table + " v" + after + ": no commit info"));
    return new MergeOutcome(
        before,
        after,
        commit.metric("numTargetRowsInserted").orElse(0L),
        commit.metric("numSourceRows"),
        commit.metric("numTargetFilesAdded").orElse(0L));
  }

  /**
   * The marker of the MERGE commit that merged this batch, if the table has one, completed with the
   * rows that MERGE read (one per distinct valid key). Searches the whole history (a Spark job over
   * the commit files), which only a table that exists needs.
   */
  public Optional<BatchMarker> mergedBatch(String table, String batchId) {
    if (log.version(table).isEmpty()) {
      return Optional.empty();
    }
    return DeltaTable.forPath(spark, table)
        .history()
        .where(col("userMetadata").contains(BatchMarker.searchKey(batchId)))
        .select("userMetadata", "operationMetrics")
        .collectAsList()
        .stream()
        .flatMap(r -> merged(r, batchId))
        .findFirst();
  }

  private static Stream<BatchMarker> merged(Row commit, String batchId) {
    Map<String, String> metrics = commit.isNullAt(1) ? Map.of() : commit.getJavaMap(1);
    Optional<Long> sourceRows =
        Optional.ofNullable(metrics.get("numSourceRows")).map(Long::parseLong);
    return BatchMarker.parse(commit.getString(0)).stream()
        .filter(m -> m.batchId().equals(batchId))
        .map(m -> sourceRows.map(m::withDistinctValidKeys).orElse(m));
  }

  static Column condition(
      List<String> keys, Optional<String> partitionColumn, List<Object> partitionValues) {
    Column on = null;
    if (partitionColumn.isPresent()) {
      String p = partitionColumn.get();
      on = col("t." + p).equalTo(col("s." + p));
      if (!partitionValues.isEmpty() && partitionValues.size() <= MAX_PRUNING_VALUES) {
        on = col("t." + p).isin(partitionValues.toArray()).and(on);
      }
    }
    for (String key : keys) {
      Column eq = col("t." + key).equalTo(col("s." + key));
      on = on == null ? eq : on.and(eq);
    }
    return on;
  }

  private void ensureTable(String table, StructType schema, Optional<String> partitionColumn) {
    if (log.version(table).isEmpty()) {
      var builder = DeltaTable.createIfNotExists(spark).location(table).addColumns(schema);
      partitionColumn.ifPresent(builder::partitionedBy);
      builder.execute();
    }
    List<String> actual = log.partitionColumns(table);
    List<String> expected = partitionColumn.map(List::of).orElse(List.of());
    if (!actual.equals(expected)) {
      throw JobFailure.badConfiguration(
          table + " is partitioned by " + actual + ", the batch asks for " + expected);
    }
  }

  /**
   * What Delta leaves of a first commit that never happened: part files, partition folders, an
   * empty log.
   */
  private static boolean isUncommittedDeltaOutput(FileStatus child) {
    String name = child.getPath().getName();
    return name.equals("_delta_log")
        || name.startsWith("part-")
        || name.startsWith(".part-")
        || child.isDirectory() && name.contains("=");
  }

  /**
   * A non-Delta folder with files in it is somebody else's data: never write into it. Data files an
   * earlier attempt wrote before it crashed, uncommitted, are ours and invisible to Delta.
   */
  private void requireEmptyOrAbsent(String table) {
    try {
      Path path = new Path(table);
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(path)) {
        FileStatus[] children = fs.listStatus(path);
        boolean foreign =
            java.util.Arrays.stream(children).anyMatch(c -> !isUncommittedDeltaOutput(c));
        if (foreign) {
          throw JobFailure.badConfiguration(
              table + " exists, is not empty and is not a Delta table");
        }
      }
    } catch (IOException e) {
      throw JobFailure.badConfiguration("cannot inspect " + table + ": " + e.getMessage(), e);
    }
  }
}
