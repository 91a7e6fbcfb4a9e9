package io.scrapebatch.etl.bench;

import io.scrapebatch.etl.InputFiles;
import io.scrapebatch.etl.JobReport;
import io.scrapebatch.etl.ScrapeBatchJob;
import io.scrapebatch.etl.sample.ScrapeDataGenerator;
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

  private record Row(String name, double seconds, long filesWritten, String note) {}

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
    NaiveSparkJob.run(
        spark,
        InputFiles.resolve(warm.toString(), new org.apache.hadoop.conf.Configuration()).files(),
        work.resolve("warm-naive").toString());

    var rows = new ArrayList<Row>();
    Path ourTable = work.resolve("ours");
    long before = files(ourTable);
    double t = time(() -> check(ours(spark, raw, ourTable)));
    rows.add(
        new Row(
            "ours: scrapebatch-etl",
            t,
            files(ourTable) - before,
            "explicit schema, native validation, quarantine, deterministic dedup, insert-only MERGE"));
    before = files(ourTable);
    t = time(() -> check(ours(spark, raw, ourTable)));
    rows.add(new Row("ours: re-run (same batch)", t, files(ourTable) - before, "writes nothing"));

    Path naiveTable = work.resolve("naive");
    t = time(() -> NaiveSparkJob.run(spark, inputs, naiveTable.toString()));
    rows.add(
        new Row(
            "naive Spark job",
            t,
            files(naiveTable),
            "inferred schema, Java UDF, dropDuplicates, upsert MERGE"));
    before = files(naiveTable);
    t = time(() -> NaiveSparkJob.run(spark, inputs, naiveTable.toString()));
    rows.add(
        new Row(
            "naive: re-run", t, files(naiveTable) - before, "upsert rewrites every matched file"));
    spark.stop();

    Path duck = work.resolve("duckdb");
    t = time(() -> DuckDbJob.run(inputs, duck.toString(), cores));
    rows.add(
        new Row(
            "DuckDB " + duckVersion() + " (JDBC)",
            t,
            files(duck),
            "read + validate + dedup to partitioned Parquet; no quarantine, no Delta"));

    print(rows, cores, gzBytes, jsonBytes);
    return 0;
  }

  private JobReport ours(SparkSession spark, Path input, Path table) {
    String[] args = {
      "--input",
      input.toString(),
      "--table",
      table.toString(),
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
      "bench-" + input.getFileName(),
      "--report",
      table + ".report.json"
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

  private void print(List<Row> rows, int cores, long gzBytes, long jsonBytes) {
    long memGiB =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize()
            >> 30;
    double ours = rows.get(0).seconds();
    double mb = jsonBytes / 1e6;
    System.out.printf(
        "%n%d records, %d files, %.1f MB gzip / %.1f MB JSON; %d cores, %d GiB RAM, Java %s%n%n",
        count, files, gzBytes / 1e6, mb, cores, memGiB, System.getProperty("java.version"));
    System.out.println(
        "| run | seconds | records/s | MB/s per core | time vs ours | files written | what it does |");
    System.out.println("|---|---:|---:|---:|---:|---:|---|");
    for (Row r : rows) {
      System.out.printf(
          "| %s | %.1f | %,.0f | %.1f | %.2f× | %d | %s |%n",
          r.name(),
          r.seconds(),
          count / r.seconds(),
          mb / r.seconds() / cores,
          r.seconds() / ours,
          r.filesWritten(),
          r.note());
    }
    System.out.printf(
        "%nnaive / ours = %.2f× (target ≥ 3×); re-run / first run = %.0f%% (target ≤ 25%%);"
            + " ours / DuckDB = %.2f× (goal ≤ 4×)%n",
        rows.get(2).seconds() / ours,
        100 * rows.get(1).seconds() / ours,
        ours / rows.get(4).seconds());
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
