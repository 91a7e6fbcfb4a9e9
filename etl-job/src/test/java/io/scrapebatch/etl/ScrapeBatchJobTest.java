package io.scrapebatch.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.job.ExitCode;
import io.scrapebatch.api.job.TerminationReport;
import io.scrapebatch.api.v1alpha1.BatchResult;
import io.scrapebatch.api.v1alpha1.FailureClass;
import io.scrapebatch.api.v1alpha1.Progress;
import io.scrapebatch.etl.sample.ScrapeDataGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole job, in process on the shared session, on generated data. */
class ScrapeBatchJobTest {
  private static final String CONTRACT = "samples/products-contract.yaml";
  private static final int RECORDS = 2_000;

  @TempDir static Path dir;
  static ScrapeDataGenerator.Summary generated;
  static JobReport baseline;
  static final List<Progress> progress = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void generateAndRunOnce() throws IOException {
    generated = ScrapeDataGenerator.of(dir.resolve("raw"), RECORDS, 42).files(2).generate();
    baseline = run(dir.resolve("raw"), "base", "--batch-id", "b1");
  }

  @Test
  void firstRunAccountsForEveryRowAsTheGeneratorMadeThem() {
    BatchResult r = baseline.result();
    assertThat(baseline.exitCode()).isZero();
    assertThat(r.recordsRead()).isEqualTo(RECORDS);
    assertThat(r.recordsQuarantined()).isEqualTo(generated.invalidTotal());
    assertThat(r.invalidByReason()).containsExactlyInAnyOrderEntriesOf(generated.invalidByReason());
    assertThat(r.duplicatesInBatch()).isEqualTo(generated.duplicates());
    assertThat(r.recordsWritten()).isEqualTo(generated.newProducts());
    assertThat(r.alreadyPresent()).isZero();
    assertThat(
            r.recordsWritten()
                + r.duplicatesInBatch()
                + r.alreadyPresent()
                + r.recordsQuarantined())
        .isEqualTo(r.recordsRead());
    assertThat(r.deltaVersionBefore()).isNull();
    assertThat(r.deltaVersion()).isEqualTo(1L);

    Dataset<Row> table = delta("base");
    assertThat(table.count()).isEqualTo(generated.newProducts());
    assertThat(table.select("url").distinct().count()).isEqualTo(generated.newProducts());
    assertThat(table.where("title like '%東京%'").count()).as("unicode survives").isPositive();
    assertThat(Files.exists(dir.resolve("base/dt=2026-05-19"))).isTrue();
    assertThat(Files.exists(dir.resolve("base/dt=2026-05-20"))).isTrue();
  }

  @Test
  void quarantineHoldsEachInvalidLineWithItsReasons() {
    Dataset<Row> quarantine = delta("base_q").where("batch_id = 'b1'").cache();
    assertThat(quarantine.count()).isEqualTo(generated.invalidTotal());
    // Rows per reason code, in one query.
    var byReason = new java.util.HashMap<String, Long>();
    for (Row r :
        quarantine
            .selectExpr("explode(reasons) AS reason")
            .groupBy("reason")
            .count()
            .collectAsList()) {
      byReason.put(r.getString(0), r.getLong(1));
    }
    assertThat(byReason).containsExactlyInAnyOrderEntriesOf(generated.invalidByReason());
    Row malformed = quarantine.where("array_contains(reasons, 'malformed')").first();
    assertThat(malformed.<String>getAs("raw_line"))
        .as("not a whole JSON object")
        .doesNotEndWith("}");
    assertThat(malformed.<String>getAs("source_file")).contains("part-0000");
    assertThat(malformed.<String>getAs("batch_id")).isEqualTo("b1");
    quarantine.unpersist();
  }

  @Test
  void reportsGoToTheReportFileAndTheTerminationLogAndProgressFollowsTheSteps() throws IOException {
    String full = Files.readString(dir.resolve("base-b1-1.report.json"));
    assertThat(full).contains("\"recordsWritten\" : " + generated.newProducts()).contains("stages");
    String message = Files.readString(dir.resolve("base-b1-1.termination-log"));
    assertThat(message.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
    TerminationReport termination = TerminationReport.fromJson(message);
    assertThat(termination.exitCode()).isZero();
    assertThat(termination.result().recordsRead()).isEqualTo(RECORDS);
    assertThat(baseline.stages()).isNotEmpty();
    assertThat(baseline.stepMillis()).containsKeys("read", "validate", "quarantine", "merge");
    assertThat(progress.stream().map(Progress::step).distinct())
        .containsSubsequence("read", "validate", "quarantine", "merge", "done");
  }

  @Test
  void rerunOfTheSameBatchFindsItMergedWritesNothingAndReportsWhatTheBatchDid() throws IOException {
    Snapshot before = Snapshot.of("base");

    JobReport rerun = run(dir.resolve("raw"), "base", "--batch-id", "b1", "--attempt", "2");

    assertThat(rerun.exitCode()).as("%s", rerun.evidence()).isZero();
    assertThat(rerun.alreadyMerged()).isTrue();
    // The counts recorded with the marker: a lost report is not replaced by zeros.
    assertThat(rerun.result())
        .usingRecursiveComparison()
        .ignoringFields("deltaVersionBefore", "deltaVersion")
        .isEqualTo(baseline.result());
    assertThat(rerun.result().recordsWritten()).isEqualTo(generated.newProducts());
    assertThat(rerun.result().deltaVersion()).isEqualTo(rerun.result().deltaVersionBefore());
    assertThat(Snapshot.of("base")).isEqualTo(before);
  }

  @Test
  void anotherBatchWithTheSameRowsMergesButInsertsNothing() throws IOException {
    Snapshot before = Snapshot.of("base");

    JobReport other = run(dir.resolve("raw"), "base", "--batch-id", "b2");

    assertThat(other.exitCode()).as("%s", other.evidence()).isZero();
    assertThat(other.alreadyMerged()).isNull();
    assertThat(other.result().recordsWritten()).isZero();
    assertThat(other.result().alreadyPresent()).isEqualTo(generated.newProducts());
    assertThat(other.result().deltaVersion()).isEqualTo(other.result().deltaVersionBefore());
    Snapshot after = Snapshot.of("base");
    assertThat(after.tableCommits()).isEqualTo(before.tableCommits());
    assertThat(after.tableFiles()).isEqualTo(before.tableFiles());
    assertThat(delta("base").count()).isEqualTo(generated.newProducts());
  }

  /** File counts of a table and its quarantine: commits in _delta_log and Parquet data files. */
  record Snapshot(
      long tableCommits, long tableFiles, long quarantineCommits, long quarantineFiles) {
    static Snapshot of(String table) throws IOException {
      return new Snapshot(
          files(dir.resolve(table + "/_delta_log"), ".json"),
          files(dir.resolve(table), ".parquet"),
          files(dir.resolve(table + "_q/_delta_log"), ".json"),
          files(dir.resolve(table + "_q"), ".parquet"));
    }
  }

  @Test
  void shuffledInputInOtherFilesWithSaltingWritesAnIdenticalTable() throws IOException {
    List<String> lines = new ArrayList<>();
    for (Path file : generated.files()) {
      try (var in = new GZIPInputStream(Files.newInputStream(file))) {
        lines.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
      }
    }
    Collections.shuffle(lines, new Random(3));
    Path shuffled = Files.createDirectories(dir.resolve("shuffled"));
    int third = lines.size() / 3;
    for (int i = 0; i < 3; i++) {
      List<String> part = lines.subList(i * third, i == 2 ? lines.size() : (i + 1) * third);
      Files.write(shuffled.resolve("part-" + i + ".jsonl"), part);
    }

    JobReport report = run(shuffled, "shuffled_t", "--salt-buckets", "4");

    assertThat(report.exitCode()).as("%s", report.evidence()).isZero();
    Dataset<Row> base = delta("base");
    Dataset<Row> other = delta("shuffled_t");
    assertThat(other.count()).isEqualTo(base.count());
    assertThat(base.exceptAll(other).count()).isZero();
    assertThat(other.exceptAll(base).count()).isZero();
  }

  @Test
  void emptyInputSucceedsWithZeroCounts() throws IOException {
    JobReport report = run(Files.createDirectories(dir.resolve("empty")), "empty_t");
    assertThat(report.exitCode()).as("%s", report.evidence()).isZero();
    assertThat(report.result().recordsRead()).isZero();
    assertThat(report.result().recordsWritten()).isZero();
    assertThat(delta("empty_t").count()).isZero();
  }

  @Test
  void nonJsonFilesInTheFolderAreIgnoredNotQuarantined() throws IOException {
    Path mixed = Files.createDirectories(dir.resolve("mixed/2026-05-19"));
    Files.writeString(
        mixed.resolve("shard.jsonl"),
        "{\"url\":\"https://a.example/p/1\",\"scraped_at\":\"2026-05-19T01:00:00Z\",\"title\":"
            + "\"Crème brûlée 🍮\",\"price\":3.5,\"currency\":\"EUR\",\"category\":\"grocery\"}\n\n");
    Files.writeString(mixed.resolve("README.txt"), "scraped by spider-1\nnot data\n");
    Files.writeString(mixed.resolve("_SUCCESS"), "");

    JobReport report = run(dir.resolve("mixed"), "mixed_t");

    assertThat(report.exitCode()).as("%s", report.evidence()).isZero();
    assertThat(report.input().files()).isEqualTo(1);
    assertThat(report.input().ignored()).anyMatch(f -> f.endsWith("README.txt"));
    assertThat(report.input().ignoredFiles()).isEqualTo(2);
    assertThat(report.result().recordsRead()).as("blank lines are no records").isEqualTo(1);
    assertThat(delta("mixed_t").first().<String>getAs("title")).isEqualTo("Crème brûlée 🍮");
  }

  @Test
  void tooManyInvalidRowsExitWithContractViolationAndLeaveTheTableUntouched() throws IOException {
    Path raw = dir.resolve("bad-raw");
    var summary =
        ScrapeDataGenerator.of(raw, 400, 7).files(1).gzip(false).invalidRatio(0.3).generate();

    JobReport report = run(raw, "bad");

    assertThat(report.exitCode()).isEqualTo(ExitCode.CONTRACT_VIOLATION.code());
    assertThat(report.failureClass()).isEqualTo(FailureClass.ContractViolation);
    assertThat(report.result().recordsQuarantined()).isEqualTo(summary.invalidTotal());
    assertThat(delta("bad_q").count()).isEqualTo(summary.invalidTotal());
    assertThat(dir.resolve("bad")).doesNotExist();
    TerminationReport termination =
        TerminationReport.fromJson(Files.readString(dir.resolve("bad--1.termination-log")));
    assertThat(termination.exitCode()).isEqualTo(10);
    assertThat(termination.message()).contains("maxInvalidRatio");

    Snapshot quarantined = Snapshot.of("bad");
    JobReport retry = run(raw, "bad", "--attempt", "2");
    assertThat(retry.exitCode()).isEqualTo(10);
    assertThat(retry.quarantine().rowsWritten()).isZero();
    assertThat(retry.quarantine().alreadyQuarantined()).isEqualTo(summary.invalidTotal());
    // The quarantine MERGE finds every line there and commits nothing (Spark may leave an
    // uncommitted empty file behind, invisible to readers).
    assertThat(Snapshot.of("bad").quarantineCommits())
        .as("a retried attempt adds no quarantine rows")
        .isEqualTo(quarantined.quarantineCommits());
    assertThat(delta("bad_q").count()).isEqualTo(summary.invalidTotal());
  }

  @Test
  void badConfigurationExitsElevenAndStillReports() throws IOException {
    JobReport unknownKey = run(dir.resolve("raw"), "cfg", "--dedup-keys", "sku");
    assertThat(unknownKey.exitCode()).isEqualTo(ExitCode.BAD_CONFIGURATION.code());
    assertThat(unknownKey.message()).contains("sku");
    assertThat(
            TerminationReport.fromJson(Files.readString(dir.resolve("cfg--1.termination-log")))
                .failureClass())
        .isEqualTo(FailureClass.BadConfiguration);

    assertThat(run(dir.resolve("nowhere"), "cfg2").exitCode()).isEqualTo(11);
    assertThat(job().run(new String[] {"--input", "x"}).exitCode()).isEqualTo(11);
    assertThat(job().run(new String[] {"--help"}).exitCode()).isZero();
  }

  private static JobReport run(Path input, String table, String... extra) {
    var args =
        new ArrayList<>(
            List.of(
                "--input", input.toString(),
                "--table", dir.resolve(table).toString(),
                "--quarantine", dir.resolve(table + "_q").toString(),
                "--contract", CONTRACT,
                "--dedup-keys", "url",
                "--order-by", "scraped_at",
                "--partition-field", "scraped_at",
                "--report", dir.resolve(label(table, extra) + ".report.json").toString(),
                "--termination-log",
                    dir.resolve(label(table, extra) + ".termination-log").toString()));
    args.addAll(List.of(extra));
    return job().run(args.toArray(String[]::new));
  }

  /** Report file names per table, batch and attempt, so a re-run keeps the first run's report. */
  private static String label(String table, String... extra) {
    List<String> args = List.of(extra);
    int batch = args.indexOf("--batch-id");
    int attempt = args.indexOf("--attempt");
    return table
        + "-"
        + (batch < 0 ? "" : args.get(batch + 1))
        + "-"
        + (attempt < 0 ? "1" : args.get(attempt + 1));
  }

  private static ScrapeBatchJob job() {
    Clock clock = Clock.fixed(Instant.parse("2026-05-21T06:00:00Z"), ZoneOffset.UTC);
    return new ScrapeBatchJob(master -> SharedSpark.get(), clock, progress::add);
  }

  private static Dataset<Row> delta(String table) {
    SparkSession spark = SharedSpark.get();
    return spark.read().format("delta").load(dir.resolve(table).toString());
  }

  private static long files(Path root, String suffix) throws IOException {
    if (!Files.exists(root)) {
      return 0;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.getFileName().toString().endsWith(suffix)).count();
    }
  }
}
