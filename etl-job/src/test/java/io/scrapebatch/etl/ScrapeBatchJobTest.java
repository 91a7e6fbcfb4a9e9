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
import java.util.Map;
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
            + "\"Crème brûlée 🍮\",\"price\":3.5,\"currency\":\"EUR\",\"category\":\"grocery\"}\n\n"
            + " \t \n\t\r\n");
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

  @Test
  void contractFieldsNamedLikeTheJobsOwnColumnsKeepTheirValues() throws IOException {
    Path contract =
        Files.writeString(
            dir.resolve("underscores.yaml"),
            """
            fields:
              - {name: url, type: string, required: true, pattern: "^https://"}
              - {name: scraped_at, type: timestamp, required: true}
              - {name: _raw, type: string}
              - {name: _reasons, type: string}
              - {name: _source_file, type: string}
              - {name: _corrupt_record, type: string}
            maxInvalidRatio: 0.5
            """);
    Path in = Files.createDirectories(dir.resolve("underscores"));
    String good =
        "{\"url\":\"https://a.example/1\",\"scraped_at\":\"2026-05-19T01:00:00Z\","
            + "\"_raw\":\"r\",\"_reasons\":\"none\",\"_source_file\":\"spider-7\","
            + "\"_corrupt_record\":\"fine\"}";
    String bad = good.replace("https://a.example/1", "ftp://a.example/2");
    Files.write(in.resolve("part-0.jsonl"), List.of(good, bad));

    JobReport report = runWith(contract, in, "underscores_t");

    assertThat(report.exitCode()).as("%s", report.evidence()).isZero();
    assertThat(report.result().recordsWritten()).isEqualTo(1);
    Row row = delta("underscores_t").first();
    assertThat(row.<String>getAs("_raw")).isEqualTo("r");
    assertThat(row.<String>getAs("_reasons")).isEqualTo("none");
    assertThat(row.<String>getAs("_source_file")).isEqualTo("spider-7");
    assertThat(row.<String>getAs("_corrupt_record")).isEqualTo("fine");
    Row quarantined = delta("underscores_t_q").first();
    assertThat(quarantined.<String>getAs("raw_line")).isEqualTo(bad);
    assertThat(quarantined.getList(quarantined.fieldIndex("reasons")))
        .containsExactly("url:pattern");
    assertThat(quarantined.<String>getAs("source_file")).endsWith("part-0.jsonl");
  }

  @Test
  void aLineOfSeveralMegabytesIsQuarantinedUnparsedAndTheOthersAreMerged() throws IOException {
    Path in = Files.createDirectories(dir.resolve("long-line"));
    var lines = new ArrayList<String>();
    // Enough good lines that the one quarantined stays under maxInvalidRatio.
    for (int i = 0; i < 30; i++) {
      lines.add(product(i));
    }
    // A whole scrape dumped as one JSON array on one line: 8 MB, eight times the default limit.
    var dump = new StringBuilder("[");
    for (int i = 0; dump.length() < 8 << 20; i++) {
      dump.append(product(1000 + i)).append(',');
    }
    dump.setCharAt(dump.length() - 1, ']');
    lines.add(1, dump.toString());
    Files.write(in.resolve("part-0.jsonl"), lines);

    JobReport report = run(in, "long_t");

    assertThat(report.exitCode()).as("%s", report.evidence()).isZero();
    assertThat(report.result().recordsRead()).isEqualTo(31);
    assertThat(report.result().recordsWritten()).isEqualTo(30);
    assertThat(report.result().invalidByReason()).containsExactly(Map.entry("line_too_long", 1L));
    assertThat(delta("long_t").count()).isEqualTo(30);
    Row quarantined = delta("long_t_q").first();
    assertThat(quarantined.getList(quarantined.fieldIndex("reasons")))
        .containsExactly("line_too_long");
    assertThat(quarantined.<String>getAs("raw_line"))
        .as("only the line's start")
        .hasSize(JsonLinesParser.KEPT_CHARS_OF_LONG_LINE)
        .startsWith("[" + product(1000));
  }

  @Test
  void aTruncatedGzipFailsTheBatchAtOnceNamingTheObject() throws IOException {
    Path in = Files.createDirectories(dir.resolve("truncated"));
    var whole = new java.io.ByteArrayOutputStream();
    try (var gz = new java.util.zip.GZIPOutputStream(whole)) {
      for (int i = 0; i < 5_000; i++) {
        gz.write((product(i) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    byte[] bytes = whole.toByteArray();
    Files.write(in.resolve("a-good.jsonl.gz"), bytes);
    // Cut in the middle, as an upload that stopped: the first half still decompresses.
    Files.write(in.resolve("b-cut.jsonl.gz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    Files.write(in.resolve("c-good.jsonl"), List.of(product(9_999)));

    JobReport report = run(in, "truncated_t");

    assertThat(report.exitCode()).isEqualTo(ExitCode.CORRUPT_INPUT.code());
    assertThat(report.failureClass()).isEqualTo(FailureClass.CorruptInput);
    assertThat(report.message()).contains("b-cut.jsonl.gz").doesNotContain("a-good");
    assertThat(dir.resolve("truncated_t")).as("nothing merged").doesNotExist();
    TerminationReport termination =
        TerminationReport.fromJson(Files.readString(dir.resolve("truncated_t--1.termination-log")));
    assertThat(termination.exitCode()).isEqualTo(17);
    assertThat(termination.message()).contains("b-cut.jsonl.gz");
  }

  static String product(int i) {
    return "{\"url\":\"https://a.example/p/"
        + i
        + "\",\"scraped_at\":\"2026-05-19T01:00:00Z\",\"title\":\"Tee "
        + i
        + "\",\"price\":3.5,\"currency\":\"EUR\",\"category\":\"apparel\"}";
  }

  private static JobReport run(Path input, String table, String... extra) {
    return runWith(Path.of(CONTRACT), input, table, extra);
  }

  private static JobReport runWith(Path contract, Path input, String table, String... extra) {
    var args =
        new ArrayList<>(
            List.of(
                "--input", input.toString(),
                "--table", dir.resolve(table).toString(),
                "--quarantine", dir.resolve(table + "_q").toString(),
                "--contract", contract.toString(),
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
