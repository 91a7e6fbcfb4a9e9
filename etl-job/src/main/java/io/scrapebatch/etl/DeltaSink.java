package io.scrapebatch.etl;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
 * The only code that writes storage: insert-only MERGEs (into the quarantine table on each row's
 * identity, into the target table on the dedup keys), each creating its table when absent. Row
 * counts are the MERGE command's own metrics; versions and partition columns come from the
 * transaction log ({@link DeltaLogView}), not from history/detail queries that each run a Spark
 * job. A commit lost to another writer ends as {@link JobFailure#writeConflict}, naming the table.
 */
public final class DeltaSink {
  private static final Logger LOG = LoggerFactory.getLogger(DeltaSink.class);

  /** Above this many partition values the literal pruning predicate is left out (still correct). */
  static final int MAX_PRUNING_VALUES = 1000;

  /** The key of the id {@link #mergeInsertOnly} adds to its commit's metadata. */
  static final String WRITE_ID = "writeId";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Delta copies this session conf into the next commit's commitInfo.userMetadata. */
  private static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";

  private final SparkSession spark;
  private final DeltaLogView log;

  public DeltaSink(SparkSession spark) {
    this.spark = spark;
    this.log = new DeltaLogView(spark);
  }

  /**
   * A MERGE as measured by its own execution: the source rows it read and the rows it inserted
   * (Delta's metrics of this command, so another writer's commit cannot stand in for them), and the
   * version of the commit it made — found by the write id in its metadata, not as "the latest" —
   * or, when it committed nothing, the version it merged against.
   */
  public record MergeOutcome(
      Optional<Long> versionBefore,
      long versionAfter,
      boolean committed,
      long sourceRows,
      long inserted,
      long filesAdded) {
    /** Source rows whose key the table already held: measured, both terms are Delta's. */
    public long alreadyPresent() {
      return sourceRows - inserted;
    }
  }

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
   * Inserts the source rows whose key is not in the table. The ON clause carries the partition
   * column — as a literal IN list of the batch's values, so Delta prunes the files it scans, and as
   * an equality — and no WHEN MATCHED clause: a re-run matches every row and commits nothing.
   * {@code userMetadata} (a record or map, as JSON) goes into the commit with a write id of this
   * call, by which the commit is found afterwards.
   */
  public MergeOutcome mergeInsertOnly(
      String table,
      Dataset<Row> source,
      List<String> keys,
      Optional<String> partitionColumn,
      List<Object> partitionValues,
      Object userMetadata) {
    try {
      Optional<Long> before = version(table);
      ensureTable(table, source.schema(), partitionColumn);
      long created = version(table).orElseThrow();
      String writeId = UUID.randomUUID().toString();
      Map<String, Long> metrics;
      spark.conf().set(USER_METADATA, withWriteId(userMetadata, writeId));
      try {
        metrics =
            CommandMetrics.of(
                DeltaTable.forPath(spark, table)
                    .as("t")
                    .merge(source.as("s"), condition(keys, partitionColumn, partitionValues))
                    .whenNotMatched()
                    .insertAll()
                    .execute());
      } finally {
        spark.conf().unset(USER_METADATA);
      }
      Optional<DeltaLogView.Commit> commit =
          log.commitAfter(table, created, m -> m.contains(writeIdField(writeId)));
      if (metrics.isEmpty()) {
        // Delta's command reported nothing: the commit's metrics are the same figures.
        metrics = commit.map(DeltaLogView.Commit::longMetrics).orElse(Map.of());
      }
      Long sourceRows = metrics.get("numSourceRows");
      Long inserted = metrics.get("numTargetRowsInserted");
      if (sourceRows == null || inserted == null) {
        throw JobFailure.conservationViolated(
            "the MERGE into " + table + " reported no row counts: " + metrics);
      }
      return new MergeOutcome(
          before,
          commit.map(DeltaLogView.Commit::version).orElse(created),
          commit.isPresent(),
          sourceRows,
          inserted,
          metrics.getOrDefault("numTargetFilesAdded", 0L));
    } catch (org.apache.spark.sql.delta.DeltaConcurrentModificationException e) {
      throw JobFailure.writeConflict(table, e);
    }
  }

  /** Creates the table when absent (a batch without rows still leaves its tables). */
  public long ensure(String table, StructType schema) {
    try {
      ensureTable(table, schema, Optional.empty());
      return version(table).orElseThrow();
    } catch (org.apache.spark.sql.delta.DeltaConcurrentModificationException e) {
      throw JobFailure.writeConflict(table, e);
    }
  }

  private static String withWriteId(Object userMetadata, String writeId) {
    try {
      ObjectNode node = JSON.valueToTree(userMetadata);
      node.put(WRITE_ID, writeId);
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalArgumentException("userMetadata must be a JSON object: " + userMetadata, e);
    }
  }

  /** How the write id appears in the commit's metadata (Jackson writes it without spaces). */
  static String writeIdField(String writeId) {
    return "\"" + WRITE_ID + "\":\"" + writeId + "\"";
  }

  /**
   * The marker of the MERGE commit that merged this batch, if the table has one, completed with
   * that MERGE's metrics: rows read (one per distinct valid key) and rows inserted. Searches the
   * whole history (a Spark job over the commit files), which only a table that exists needs.
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
    Optional<Long> inserted =
        Optional.ofNullable(metrics.get("numTargetRowsInserted")).map(Long::parseLong);
    return BatchMarker.parse(commit.getString(0)).stream()
        .filter(m -> m.batchId().equals(batchId))
        .map(
            m ->
                sourceRows.isPresent() && inserted.isPresent()
                    ? m.withMergeMetrics(sourceRows.get(), inserted.get())
                    : m);
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
