package io.scrapebatch.etl;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import scala.jdk.javaapi.CollectionConverters;

/**
 * The only code that writes storage: an idempotent append to the quarantine table and an
 * insert-only MERGE into the target table, each creating its table when absent.
 */
public final class DeltaSink {
  private static final Logger LOG = LoggerFactory.getLogger(DeltaSink.class);

  /** Above this many partition values the literal pruning predicate is left out (still correct). */
  static final int MAX_PRUNING_VALUES = 1000;

  /** Delta copies this session conf into the next commit's commitInfo.userMetadata. */
  private static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";

  private final SparkSession spark;

  public DeltaSink(SparkSession spark) {
    this.spark = spark;
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
    if (!DeltaTable.isDeltaTable(spark, table)) {
      requireEmptyOrAbsent(table);
      return Optional.empty();
    }
    return Optional.of(lastCommit(table).getLong(0));
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
    long written = skipped ? 0 : metric(lastCommit(table), "numOutputRows").orElse(0L);
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
    Row commit = lastCommit(table);
    return new MergeOutcome(
        before,
        after,
        metric(commit, "numTargetRowsInserted").orElse(0L),
        metric(commit, "numSourceRows"),
        metric(commit, "numTargetFilesAdded").orElse(0L));
  }

  /** The marker of the MERGE commit that merged this batch, if the table has one. */
  public Optional<BatchMarker> mergedBatch(String table, String batchId) {
    if (!DeltaTable.isDeltaTable(spark, table)) {
      return Optional.empty();
    }
    return DeltaTable.forPath(spark, table)
        .history()
        .where(col("userMetadata").contains(BatchMarker.searchKey(batchId)))
        .select("userMetadata")
        .collectAsList()
        .stream()
        .map(r -> BatchMarker.parse(r.getString(0)))
        .flatMap(Optional::stream)
        .filter(m -> m.batchId().equals(batchId))
        .findFirst();
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
    var builder = DeltaTable.createIfNotExists(spark).location(table).addColumns(schema);
    partitionColumn.ifPresent(builder::partitionedBy);
    builder.execute();
    List<String> actual = partitionColumns(table);
    List<String> expected = partitionColumn.map(List::of).orElse(List.of());
    if (!actual.equals(expected)) {
      throw JobFailure.badConfiguration(
          table + " is partitioned by " + actual + ", the batch asks for " + expected);
    }
  }

  private List<String> partitionColumns(String table) {
    Row detail = DeltaTable.forPath(spark, table).detail().select("partitionColumns").head();
    return CollectionConverters.asJava(detail.<String>getSeq(0));
  }

  private Row lastCommit(String table) {
    return DeltaTable.forPath(spark, table).history(1).select("version", "operationMetrics").head();
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

  private static Optional<Long> metric(Row commit, String name) {
    Map<String, String> metrics = commit.getJavaMap(1);
    return Optional.ofNullable(metrics).map(m -> m.get(name)).map(Long::parseLong);
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
