package io.scrapebatch.etl;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.when;

import io.scrapebatch.api.v1alpha1.FieldRule;
import io.scrapebatch.storage.InputFiles;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch: read → validate → quarantine → (ratio check) → dedup → merge → conservation check. The
 * input is parsed once: the validated rows are cached (raw lines kept only for invalid ones) while
 * the counts are observed, and the quarantine MERGE and the target MERGE read that cache. The
 * deduplication runs inside the MERGE, which counts its input and output as it goes.
 */
public final class EtlPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(EtlPipeline.class);

  /**
   * The quarantine table's row identity: one invalid input line — its file, its text, and which
   * occurrence of that text in that file it is. The quarantine MERGE inserts only identities the
   * table lacks, so a retry over grown input adds just the new lines, and the same input under
   * another batch id (a re-created batch) adds nothing.
   */
  static final String LINE_ID = "line_id";

  private final SparkSession spark;
  private final JobSpec spec;
  private final Clock clock;
  private final ProgressListener progress;
  private final RunRecorder recorder;
  private final DeltaSink sink;

  public EtlPipeline(
      SparkSession spark,
      JobSpec spec,
      Clock clock,
      ProgressListener progress,
      RunRecorder recorder) {
    this.spark = spark;
    this.spec = spec;
    this.clock = clock;
    this.progress = progress;
    this.recorder = recorder;
    this.sink = new DeltaSink(spark);
  }

  /** One batch, step by step; the order is the contract's (see the class comment). */
  public void run() {
    step("read");
    InputFiles files = listInput();
    Optional<BatchMarker> previous = mergedBefore(files);
    if (previous.isPresent()) {
      recorder.alreadyMerged(previous.get());
      step("done");
      return;
    }
    Scan scan = parseAndValidate(files);
    try {
      step("validate");
      BatchCounts counts = cacheAndCount(scan);
      step("quarantine");
      quarantine(scan, counts);
      checkInvalidRatio(counts);
      step("merge");
      Merged merged = merge(scan, counts, files);
      Conservation.check(counts, merged.dedup(), merged.outcome());
      step("done");
    } finally {
      scan.prepared().unpersist(false);
    }
  }

  /** The parsed, validated input: cached rows and the counts observed while filling the cache. */
  private record Scan(
      Dataset<Row> prepared,
      Observed observed,
      ContractValidator validator,
      Optional<PartitionColumn> partition) {}

  /** The MERGE's outcome and the deduplication counts observed while it read its source. */
  private record Merged(DeltaSink.MergeOutcome outcome, DedupCounts dedup) {}

  private InputFiles listInput() {
    JobArgs args = spec.args();
    InputFiles files = InputFiles.resolve(args.input(), spark.sparkContext().hadoopConfiguration());
    recorder.input(files);
    LOG.info(
        "batch {} attempt {}: {} files, {} bytes, {} ignored",
        args.batchId(),
        args.attempt(),
        files.files().size(),
        files.bytes(),
        files.ignored().size());
    recorder.tableVersionBefore(sink.version(args.table()));
    return files;
  }

  /** The marker of an earlier merge of this batch on exactly this input: nothing left to do. */
  private Optional<BatchMarker> mergedBefore(InputFiles files) {
    JobArgs args = spec.args();
    Optional<BatchMarker> previous =
        sink.mergedBatch(args.table(), args.batchId())
            .filter(m -> m.inputFingerprint().equals(files.fingerprint()));
    previous.ifPresent(
        m ->
            LOG.info(
                "batch {} was merged into {} before, on the same input: nothing to do",
                args.batchId(),
                args.table()));
    return previous;
  }

  /**
   * Parses once and validates every row; the result is cached (raw lines kept only for invalid
   * rows) so the quarantine MERGE and the target MERGE both read it.
   */
  private Scan parseAndValidate(InputFiles files) {
    var validator = new ContractValidator(spec);
    Optional<PartitionColumn> partition = spec.args().partitioning().map(PartitionColumn::new);
    Dataset<Row> validated =
        validator.withViolations(
            new JsonLinesParser(spec.fields(), spec.maxLineBytes()).parse(lines(files)));
    if (partition.isPresent()) {
      validated =
          validated.withColumn(
              partition.get().name(), when(BatchCounts.isValid(), partition.get().expression()));
    }
    Observed observed =
        Observed.of(
            validated,
            "scan",
            BatchCounts.metrics(validator.reasonCodes(), partition.map(PartitionColumn::name)));
    Dataset<Row> prepared;
    try (var conf = ScopedConf.defaults(spark, SparkTuning.cache())) {
      prepared =
          keepRawOnlyWhenInvalid(observed.rows())
              .select(cachedColumns(partition))
              .persist(StorageLevel.MEMORY_AND_DISK());
    }
    return new Scan(prepared, observed, validator, partition);
  }

  /**
   * Fills the cache and collects the counts in one result stage: each task's metrics count once,
   * even when a task is retried.
   */
  private BatchCounts cacheAndCount(Scan scan) {
    try (var conf = ScopedConf.defaults(spark, SparkTuning.cache())) {
      scan.prepared().select(lit(true)).write().format("noop").mode("overwrite").save();
    }
    BatchCounts counts = scan.observed().await().map(BatchCounts::of).orElseGet(BatchCounts::none);
    recorder.counts(counts);
    LOG.info(
        "read {} rows: {} invalid ({} malformed), {} partition values",
        counts.read(),
        counts.invalid(),
        counts.malformed(),
        counts.partitionValues().size());
    return counts;
  }

  /**
   * Merges the invalid rows into the quarantine on their {@link #LINE_ID}; the MERGE must have read
   * exactly the invalid rows, whether it inserted them now or found them there.
   */
  private void quarantine(Scan scan, BatchCounts counts) {
    JobArgs args = spec.args();
    Dataset<Row> rows = quarantineRows(scan.prepared());
    DeltaSink.MergeOutcome quarantined;
    try (var conf =
        ScopedConf.defaults(spark, SparkTuning.deltaWrite(sink.logBytes(args.quarantine())))) {
      if (counts.invalid() == 0) {
        Optional<Long> before = sink.version(args.quarantine());
        long version = sink.ensure(args.quarantine(), rows.schema());
        quarantined = new DeltaSink.MergeOutcome(before, version, false, 0, 0, 0);
      } else {
        quarantined =
            sink.mergeInsertOnly(
                args.quarantine(),
                rows,
                List.of(LINE_ID),
                Optional.empty(),
                List.of(),
                Map.of("quarantineOf", args.batchId(), "attempt", args.attempt()));
      }
    }
    recorder.quarantine(quarantined);
    LOG.info(
        "quarantine {}: {} rows added, {} were there already",
        args.quarantine(),
        quarantined.inserted(),
        quarantined.alreadyPresent());
    Conservation.checkQuarantine(counts, quarantined);
  }

  /** Above the contract's limit the batch fails here: quarantine written, table untouched. */
  private void checkInvalidRatio(BatchCounts counts) {
    if (counts.invalid() > spec.maxInvalidRatio() * counts.read()) {
      throw JobFailure.contractViolation(counts.invalid(), counts.read(), spec.maxInvalidRatio());
    }
  }

  /**
   * Deduplicates the valid rows inside an insert-only MERGE, which records the batch's marker and
   * counts its input and output as it reads them.
   */
  private Merged merge(Scan scan, BatchCounts counts, InputFiles files) {
    JobArgs args = spec.args();
    Optional<PartitionColumn> partition = scan.partition();
    // The dedup's input is the valid rows the scan counted (in a result stage: exactly once). An
    // observation here would sit in a shuffle map stage, whose metrics Spark adds up again when an
    // executor is lost and the stage recomputed: 2× the valid rows after one OOM-killed executor.
    Dataset<Row> valid =
        scan.prepared().where(BatchCounts.isValid()).select(tableColumns(partition));
    Observed dedupOut =
        Observed.of(
            new LatestDedup(args.dedupKeys(), args.orderBy(), args.saltBuckets())
                .dedupLatest(valid),
            "dedup_out",
            count(lit(1)).as("rows"));
    DeltaSink.MergeOutcome merged;
    try (var conf =
        ScopedConf.defaults(
            spark,
            SparkTuning.merge(sink.logBytes(args.table()), counts.partitionValues().size()))) {
      merged =
          sink.mergeInsertOnly(
              args.table(),
              dedupOut.rows(),
              args.dedupKeys(),
              partition.map(PartitionColumn::name),
              counts.partitionValues(),
              BatchMarker.of(args.batchId(), files.fingerprint(), counts));
      LOG.info(
          "merged into {} ({} v{}): {} rows read, {} inserted, {} already present",
          args.table(),
          merged.committed() ? "committed" : "nothing committed, at",
          merged.versionAfter(),
          merged.sourceRows(),
          merged.inserted(),
          merged.alreadyPresent());
    }
    recorder.merge(merged);
    var dedup = new DedupCounts(counts.valid(), dedupOut.awaitCount());
    recorder.dedup(dedup);
    return new Merged(merged, dedup);
  }

  private void step(String name) {
    recorder.step(name);
    progress.step(name);
  }

  private Dataset<Row> lines(InputFiles files) {
    if (files.isEmpty()) {
      return spark.createDataFrame(
          List.of(),
          DataTypes.createStructType(
              List.of(
                  DataTypes.createStructField("value", DataTypes.StringType, true),
                  DataTypes.createStructField(Columns.SOURCE_FILE, DataTypes.StringType, true))));
    }
    // Blank lines are dropped by the parser.
    return spark
        .read()
        .text(files.files().toArray(String[]::new))
        .select(col("value"), col("_metadata.file_path").as(Columns.SOURCE_FILE));
  }

  private static Dataset<Row> keepRawOnlyWhenInvalid(Dataset<Row> validated) {
    Column invalid = BatchCounts.isValid().unary_$bang();
    return validated
        .withColumn(Columns.RAW, when(invalid, col(Columns.RAW)))
        .withColumn(Columns.SOURCE_FILE, when(invalid, col(Columns.SOURCE_FILE)));
  }

  /**
   * The invalid rows with their {@link #LINE_ID}: identical lines of one file are numbered (their
   * order does not matter, they are the same text), so two copies stay two rows.
   */
  private Dataset<Row> quarantineRows(Dataset<Row> prepared) {
    JobArgs args = spec.args();
    Column occurrence =
        row_number()
            .over(
                Window.partitionBy(col(Columns.SOURCE_FILE), col(Columns.RAW))
                    .orderBy(col(Columns.RAW)));
    return prepared
        .where(BatchCounts.isValid().unary_$bang())
        .withColumn(LINE_ID, occurrence)
        .select(
            col(Columns.RAW).as("raw_line"),
            col(Columns.REASONS).as("reasons"),
            col(Columns.SOURCE_FILE).as("source_file"),
            lit(args.batchId()).as("batch_id"),
            lit(args.attempt()).as("attempt"),
            lit(Timestamp.from(clock.instant())).as("quarantined_at"),
            sha2(
                    concat_ws(
                        "\u0000",
                        col(Columns.SOURCE_FILE),
                        col(LINE_ID).cast(DataTypes.StringType),
                        col(Columns.RAW)),
                    256)
                .as(LINE_ID));
  }

  /** What the later steps read: table columns, and the raw line and reasons of invalid rows. */
  private Column[] cachedColumns(Optional<PartitionColumn> partition) {
    var columns = new ArrayList<>(List.of(tableColumns(partition)));
    columns.add(col(Columns.RAW));
    columns.add(col(Columns.SOURCE_FILE));
    columns.add(col(Columns.REASONS));
    return columns.toArray(Column[]::new);
  }

  private Column[] tableColumns(Optional<PartitionColumn> partition) {
    var columns = new ArrayList<Column>();
    for (FieldRule field : spec.fields()) {
      columns.add(col(field.name()));
    }
    partition
        .filter(p -> spec.fields().stream().noneMatch(f -> f.name().equals(p.name())))
        .ifPresent(p -> columns.add(col(p.name())));
    return columns.toArray(Column[]::new);
  }
}
