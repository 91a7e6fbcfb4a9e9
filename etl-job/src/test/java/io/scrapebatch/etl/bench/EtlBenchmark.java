package io.scrapebatch.etl.bench;

import io.scrapebatch.etl.JobReport;
import io.scrapebatch.etl.ScrapeBatchJob;
import io.scrapebatch.etl.sample.ScrapeDataGenerator;
import io.scrapebatch.storage.InputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code make bench-etl}: our job, a naive Spark job and DuckDB on the same generated data in one
 * JVM and one run, plus the idempotent re-runs. Prints a Markdown table for BENCHMARKS.md.
 */
@Command(name = "etl-benchmark", mixinStandardHelpOptions = true)
public final class EtlBenchmark implements Callable<Integer> {
  @Option(names = "--dir", defaultValue = ".data/bench")
  Path dir;

  @Option(names = "--count", defaultValue = "2000000")
  long count;

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  @Option(names = "--files", defaultValue = "8")
  int files;

  @Option(
      names = "--rounds",
      defaultValue = "1",
      description = "Run every contender this many times (interleaved); the table shows medians.")
  int rounds;

  @Option(
      names = "--s3",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Also run our job S3 → S3 on the local S3 server (make object-store).")
  boolean s3;

  /** The operator's SizingRules defaults (operator.policy.SizingRules#defaults). */
  static final double GZIP_EXPANSION = 6.0;

  static final long BYTES_PER_PARTITION = 128L << 20;

  private record Row(String name, double seconds, long filesWritten, String conf, String note) {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new EtlBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    Path raw = dir.resolve("raw-" + count + "-" + seed);
    if (!Files.exists(raw.resolve("part-00000.jsonl.gz"))) {
      System.out.printf("generating %d records into %s%n", count, raw);
      ScrapeDataGenerator.of(raw, count, seed).files(files).generate();
    }
    List<String> inputs =
        InputFiles.resolve(raw.toString(), new org.apache.hadoop.conf.Configuration()).files();
    long gzBytes =
        Files.walk(raw).filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    long jsonBytes = uncompressedBytes(raw);
    Path work = dir.resolve("runs");
    deleteRecursively(work);

    SparkSession spark = ScrapeBatchJob.session(Optional.empty());
    spark.sparkContext().setLogLevel("ERROR");
    Path warm = dir.resolve("warmup");
    if (!Files.exists(warm)) {
      ScrapeDataGenerator.of(warm, 20_000, 1).files(2).generate();
    }
    System.out.println("warming up the JIT on 20k records");
    ours(spark, warm, work.resolve("warm"));
    S3Bench s3Bench = null;
    String s3Input = null;
    if (s3) {
      s3Bench = S3Bench.start(dir.resolve("object-store"), spark);
      System.out.println("uploading the input to the local S3 server");
      s3Input = s3Bench.upload(raw);
      ours(spark, s3Bench.upload(warm), s3Bench.table("warm"));
    }
    NaiveSparkJob.run(
        spark,
        InputFiles.resolve(warm.toString(), new org.apache.hadoop.conf.Configuration()).files(),
        work.resolve("warm-naive").toString());

    int partitions = operatorShufflePartitions(gzBytes, cores);
    String oursConf = "spark.sql.shuffle.partitions=" + partitions + " (operator sizing)";
    String defaults = "Spark defaults (spark.sql.shuffle.partitions=200, AQE coalescing)";
    System.out.printf(
        "ours and \"naive, operator conf\" run with spark.sql.shuffle.partitions=%d: what"
            + " SizingCalculator gives a local-mode pod with %d cores for %.1f MB of gzip input"
            + " (× %.0f expansion, %d MiB per partition, at least one per core)%n",
        partitions, cores, gzBytes / 1e6, GZIP_EXPANSION, BYTES_PER_PARTITION >> 20);

    var rounds = new ArrayList<List<Row>>();
    for (int round = 1; round <= this.rounds; round++) {
      System.out.printf("round %d of %d%n", round, this.rounds);
      Path runs = work.resolve("round-" + round);
      var rows = new ArrayList<Row>();
      Path ourTable = runs.resolve("ours");
      withShufflePartitions(spark, partitions);
      double t = time(() -> check(ours(spark, raw, ourTable)));
      rows.add(
          new Row(
              "ours: scrapebatch-etl",
              t,
              files(ourTable),
              oursConf,
              "explicit schema, native validation, quarantine, deterministic dedup, insert-only"
                  + " MERGE"));
      long before = files(ourTable);
      t = time(() -> check(ours(spark, raw, ourTable)));
      rows.add(
          new Row(
              "ours: re-run (same batch)",
              t,
              files(ourTable) - before,
              oursConf,
              "finds its batch marker, writes nothing"));

      Path naiveTable = runs.resolve("naive");
      t = time(() -> NaiveSparkJob.run(spark, inputs, naiveTable.toString()));
      rows.add(
          new Row(
              "naive Spark job, operator conf",
              t,
              files(naiveTable),
              oursConf,
              "inferred schema, Java UDF, dropDuplicates, upsert MERGE"));
      before = files(naiveTable);
      t = time(() -> NaiveSparkJob.run(spark, inputs, naiveTable.toString()));
      rows.add(
          new Row(
              "naive: re-run, operator conf",
              t,
              files(naiveTable) - before,
              oursConf,
              "upsert rewrites every matched file"));

      withShufflePartitions(spark, 0);
      Path naiveDefaults = runs.resolve("naive-defaults");
      t = time(() -> NaiveSparkJob.run(spark, inputs, naiveDefaults.toString()));
      rows.add(
          new Row(
              "naive Spark job, Spark defaults",
              t,
              files(naiveDefaults),
              defaults,
              "the same job as a user would run it without the operator"));

      Path duck = runs.resolve("duckdb");
      t = time(() -> DuckDbJob.run(inputs, duck.toString(), cores));
      rows.add(
          new Row(
              "DuckDB " + duckVersion() + " (JDBC)",
              t,
              files(duck),
              "threads=" + cores,
              "read + validate + dedup to partitioned Parquet; no quarantine, no Delta"));
      if (s3Bench != null) {
        String s3Table = s3Bench.table("round-" + round + "/ours");
        String input = s3Input;
        t = time(() -> check(ours(spark, input, s3Table)));
        rows.add(
            new Row(
                "ours: S3 → S3 (local S3 server)",
                t,
                s3Bench.files(s3Table),
                oursConf,
                "the same job; input, table and quarantine in buckets on versitygw (loopback)"));
        before = s3Bench.files(s3Table);
        t = time(() -> check(ours(spark, input, s3Table)));
        rows.add(
            new Row(
                "ours: S3 re-run (same batch)",
                t,
                s3Bench.files(s3Table) - before,
                oursConf,
                "finds its batch marker, writes nothing"));
      }
      rounds.add(rows);
      if (this.rounds > 1) {
        print(rows, cores, gzBytes, jsonBytes, "round " + round);
      }
    }
    if (s3Bench != null) {
      s3Bench.close();
    }
    spark.stop();

    print(
        median(rounds),
        cores,
        gzBytes,
        jsonBytes,
        this.rounds > 1 ? "median of " + this.rounds + " rounds" : "one round");
    return 0;
  }

  /** SizingCalculator's rule for a local-mode pod: ~128 MiB of JSON per partition, ≥ cores. */
  static int operatorShufflePartitions(long gzBytes, int cores) {
    long json = (long) (gzBytes * GZIP_EXPANSION);
    long byData = (json + BYTES_PER_PARTITION - 1) / BYTES_PER_PARTITION;
    return (int) Math.max(byData, cores);
  }

  private static void withShufflePartitions(SparkSession spark, int partitions) {
    if (partitions > 0) {
      spark.conf().set("spark.sql.shuffle.partitions", String.valueOf(partitions));
    } else {
      spark.conf().unset("spark.sql.shuffle.partitions");
    }
  }

  private static List<Row> median(List<List<Row>> rounds) {
    var out = new ArrayList<Row>();
    for (int i = 0; i < rounds.get(0).size(); i++) {
      int index = i;
      double[] seconds =
          rounds.stream().mapToDouble(r -> r.get(index).seconds()).sorted().toArray();
      Row first = rounds.get(0).get(i);
      out.add(
          new Row(
              first.name(),
              seconds[seconds.length / 2],
              first.filesWritten(),
              first.conf(),
              first.note()));
    }
    return out;
  }

  private JobReport ours(SparkSession spark, Path input, Path table) {
    return ours(spark, input.toString(), table.toString());
  }

  private JobReport ours(SparkSession spark, String input, String table) {
    String batch = input.replaceAll("/+$", "");
    String[] args = {
      "--input",
      input,
      "--table",
      table,
      "--quarantine",
      table + "_quarantine",
      "--contract",
      contract().toString(),
      "--dedup-keys",
      "url",
      "--order-by",
      "scraped_at",
      "--partition-field",
      "scraped_at",
      "--batch-id",
      "bench-" + batch.substring(batch.lastIndexOf('/') + 1),
      "--report",
      // Local even for an s3a:// table: one file per table under the benchmark folder.
      dir.resolve("reports").resolve(table.replaceAll("[^A-Za-z0-9.-]+", "_") + ".json").toString()
    };
    return new ScrapeBatchJob(m -> spark, Clock.systemUTC(), p -> {}).run(args);
  }

  private static Path contract() {
    Path inModule = Path.of("samples/products-contract.yaml");
    return Files.exists(inModule) ? inModule : Path.of("etl-job/samples/products-contract.yaml");
  }

  private static void check(JobReport report) {
    if (!report.succeeded()) {
      throw new IllegalStateException("our job failed: " + report.message());
    }
    System.out.println("  " + report.result());
  }

  private void print(List<Row> rows, int cores, long gzBytes, long jsonBytes, String label) {
    long memGiB =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize()
            >> 30;
    double ours = rows.get(0).seconds();
    double mb = jsonBytes / 1e6;
    System.out.printf(
        "%n%s: %d records, %d files, %.1f MB gzip / %.1f MB JSON; %d cores, %d GiB RAM, Java %s%n%n",
        label, count, files, gzBytes / 1e6, mb, cores, memGiB, System.getProperty("java.version"));
    System.out.println(
        "| run | seconds | records/s | MB/s per core | time vs ours | files written | conf |"
            + " what it does |");
    System.out.println("|---|---:|---:|---:|---:|---:|---|---|");
    for (Row r : rows) {
      System.out.printf(
          "| %s | %.1f | %,.0f | %.1f | %.2f× | %d | %s | %s |%n",
          r.name(),
          r.seconds(),
          count / r.seconds(),
          mb / r.seconds() / cores,
          r.seconds() / ours,
          r.filesWritten(),
          r.conf(),
          r.note());
    }
    System.out.printf(
        "%nnaive / ours = %.2f× with the operator's conf, %.2f× with Spark defaults (target ≥ 3×);"
            + " re-run / first run = %.0f%% (target ≤ 25%%); ours / DuckDB = %.2f× (goal ≤ 4×)%n",
        rows.get(2).seconds() / ours,
        rows.get(4).seconds() / ours,
        100 * rows.get(1).seconds() / ours,
        ours / rows.get(5).seconds());
    if (rows.size() > 7) {
      System.out.printf(
          "S3 → S3 / local disk = %.2f× (first run), %.2f× (re-run)%n",
          rows.get(6).seconds() / ours, rows.get(7).seconds() / rows.get(1).seconds());
    }
  }

  private static String duckVersion() {
    try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:")) {
      return c.getMetaData().getDatabaseProductVersion();
    } catch (java.sql.SQLException e) {
      return "";
    }
  }

  interface Step {
    void run() throws Exception;
  }

  private static double time(Step step) throws Exception {
    long start = System.nanoTime();
    step.run();
    return (System.nanoTime() - start) / 1e9;
  }

  /** Data and commit files under a table folder (Parquet files plus Delta log entries). */
  private static long files(Path root) throws IOException {
    if (!Files.exists(root)) {
      return 0;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".parquet") || n.endsWith(".json"))
          .count();
    }
  }

  private static long uncompressedBytes(Path raw) throws IOException {
    long total = 0;
    try (Stream<Path> walk = Files.walk(raw)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p), 1 << 16)) {
          total += in.transferTo(java.io.OutputStream.nullOutputStream());
        }
      }
    }
    return total;
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
