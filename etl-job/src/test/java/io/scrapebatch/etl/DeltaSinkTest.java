package io.scrapebatch.etl;

import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrapebatch.api.job.ExitCode;
import io.scrapebatch.api.v1alpha1.FailureClass;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink's MERGEs on real Delta tables: what they measure, which commit is theirs, conflicts. */
class DeltaSinkTest {
  private static final StructType SCHEMA =
      DataTypes.createStructType(
          List.of(
              DataTypes.createStructField("k", DataTypes.StringType, false),
              DataTypes.createStructField("v", DataTypes.LongType, true)));

  @TempDir Path dir;

  private final SparkSession spark = SharedSpark.get();
  private final DeltaSink sink = new DeltaSink(spark);

  @Test
  void aMergeMeasuresTheRowsItReadAndInsertedEvenWhenItCommitsNothing() {
    String table = dir.resolve("t").toString();

    DeltaSink.MergeOutcome first = merge(table, rows("a", "b", "c"), Map.of("n", 1));
    DeltaSink.MergeOutcome second = merge(table, rows("b", "c", "d", "e"), Map.of("n", 2));
    DeltaSink.MergeOutcome third = merge(table, rows("a", "e"), Map.of("n", 3));

    assertThat(first.sourceRows()).isEqualTo(3);
    assertThat(first.inserted()).isEqualTo(3);
    assertThat(first.committed()).isTrue();
    assertThat(second.sourceRows()).isEqualTo(4);
    assertThat(second.inserted()).isEqualTo(2);
    assertThat(second.alreadyPresent()).isEqualTo(2);
    assertThat(third.sourceRows()).as("measured without a commit").isEqualTo(2);
    assertThat(third.inserted()).isZero();
    assertThat(third.alreadyPresent()).isEqualTo(2);
    assertThat(spark.read().format("delta").load(table).count()).isEqualTo(5);
  }

  @Test
  void theCommitLookupFindsThisWritersCommitAmongOthers() {
    String table = dir.resolve("shared").toString();
    DeltaSink.MergeOutcome ours = merge(table, rows("a", "b"), Map.of("batch", "ours"));
    append(table, rows("x", "y", "z"));
    append(table, rows("w"));

    String writeId =
        new DeltaLogView(spark)
            .commitAfter(table, ours.versionAfter() - 1, m -> m.contains("\"batch\":\"ours\""))
            .flatMap(DeltaLogView.Commit::userMetadata)
            .map(m -> m.replaceAll(".*\"writeId\":\"([^\"]+)\".*", "$1"))
            .orElseThrow();
    var found =
        new DeltaLogView(spark)
            .commitAfter(table, -1, m -> m.contains(DeltaSink.writeIdField(writeId)))
            .orElseThrow();

    assertThat(found.version()).isEqualTo(ours.versionAfter());
    assertThat(new DeltaLogView(spark).version(table)).contains(ours.versionAfter() + 2);
    assertThat(found.metric("numTargetRowsInserted")).contains(2L);
  }

  @Test
  void aCommitThatLandsWhileTheMergeRunsIsNotTakenForTheMergesOwn() throws Exception {
    String table = dir.resolve("race_ok").toString();
    partitionedMerge(table, rows("seed"));
    // The other writer appends to a partition the MERGE does not read: Delta lets both commit.
    DeltaSink.MergeOutcome ours =
        whileMergeRuns(
            table,
            rows("a", "b", "c"),
            true,
            () -> asOtherWriter(other -> append(table, other, 9L)));

    var log = new DeltaLogView(spark);
    assertThat(log.version(table)).contains(ours.versionAfter());
    assertThat(ours.versionAfter()).as("the other commit came first").isEqualTo(3);
    assertThat(ours.inserted()).isEqualTo(3);
    assertThat(ours.sourceRows()).isEqualTo(3);
    assertThat(spark.read().format("delta").load(table).count()).isEqualTo(5);
  }

  @Test
  void aConflictingCommitIsAWriteConflictNamingTheTable() throws Exception {
    String table = dir.resolve("race").toString();
    merge(table, rows("seed"), Map.of("n", 0));

    assertThatThrownBy(
            () ->
                whileMergeRuns(
                    table,
                    rows("a", "b"),
                    false,
                    () -> asOtherWriter(other -> append(table, other, 1L))))
        .isInstanceOfSatisfying(
            JobFailure.class,
            f -> {
              assertThat(f.exitCode()).isEqualTo(ExitCode.WRITE_CONFLICT);
              assertThat(f.getMessage()).contains(table);
              Failure classified = FailureClassifier.classify(f);
              assertThat(classified.failureClass()).isEqualTo(FailureClass.WriteConflict);
            });
  }

  /**
   * Another writer, in a session of its own: Delta's transactions take the thread's active
   * session's conf (the commit metadata).
   */
  private void asOtherWriter(java.util.function.Consumer<SparkSession> write) {
    SparkSession other = spark.newSession();
    SparkSession.setActiveSession(other);
    try {
      write.accept(other);
    } finally {
      SparkSession.setActiveSession(spark);
    }
  }

  /** One row in partition v={@code partition}. */
  private static void append(String table, SparkSession session, long partition) {
    session
        .createDataFrame(List.of(RowFactory.create("other", partition)), SCHEMA)
        .write()
        .format("delta")
        .mode("append")
        .save(table);
  }

  /** Holds the MERGE inside its source scan until {@code meanwhile} has committed. */
  private DeltaSink.MergeOutcome whileMergeRuns(
      String table, Dataset<Row> source, boolean partitioned, Runnable meanwhile) throws Exception {
    Gate.reset();
    spark.udf().register("gate", (UDF1<String, String>) Gate::pass, DataTypes.StringType);
    CompletableFuture<DeltaSink.MergeOutcome> merging =
        CompletableFuture.supplyAsync(
            () -> {
              Dataset<Row> gated = source.withColumn("k", callUDF("gate", col("k")));
              return partitioned ? partitionedMerge(table, gated) : merge(table, gated, Map.of());
            });
    assertThat(Gate.entered.await(60, TimeUnit.SECONDS)).as("the MERGE reads its source").isTrue();
    meanwhile.run();
    Gate.open.countDown();
    try {
      return merging.get(120, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  /** A UDF that stops the first task reading the source until the test opens it. */
  static final class Gate {
    static volatile CountDownLatch entered = new CountDownLatch(1);
    static volatile CountDownLatch open = new CountDownLatch(1);

    static void reset() {
      entered = new CountDownLatch(1);
      open = new CountDownLatch(1);
    }

    static String pass(String value) throws InterruptedException {
      entered.countDown();
      open.await(60, TimeUnit.SECONDS);
      return value;
    }
  }

  private DeltaSink.MergeOutcome merge(String table, Dataset<Row> source, Map<String, ?> meta) {
    return sink.mergeInsertOnly(table, source, List.of("k"), Optional.empty(), List.of(), meta);
  }

  /** Partitioned by v; every row of {@link #rows} is in partition v=1. */
  private DeltaSink.MergeOutcome partitionedMerge(String table, Dataset<Row> source) {
    return sink.mergeInsertOnly(
        table, source, List.of("k"), Optional.of("v"), List.of(1L), Map.of("n", 1));
  }

  private void append(String table, Dataset<Row> rows) {
    rows.write().format("delta").mode("append").save(table);
  }

  private Dataset<Row> rows(String... keys) {
    return spark.createDataFrame(
        java.util.Arrays.stream(keys).map(k -> RowFactory.create(k, 1L)).toList(), SCHEMA);
  }
}
