package io.scrapebatch.etl.sample;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes a realistic, reproducible scrape: the same options and seed give byte-identical files.
 * Each record is, by the configured ratios, an exact duplicate of an earlier line, a newer version
 * of an earlier product, a same-time conflicting version, an invalid record (cycling through every
 * rule of the sample contract, malformed JSON included) or a new product.
 */
@Command(
    name = "scrape-data-generator",
    mixinStandardHelpOptions = true,
    description = "Generates e-commerce scrape JSON lines for the etl-job (gzip by default).")
public final class ScrapeDataGenerator implements Callable<Integer> {
  private static final int RECENT = 50_000;

  @Option(names = "--out", defaultValue = ".data/raw/products", description = "Output folder.")
  Path out;

  @Option(names = "--count", defaultValue = "200000", description = "Records (lines) to write.")
  long count;

  @Option(names = "--seed", defaultValue = "42")
  long seed;

  @Option(names = "--files", defaultValue = "8", description = "Files to spread records over.")
  int files;

  @Option(names = "--duplicate-ratio", defaultValue = "0.05", description = "Exact duplicates.")
  double duplicateRatio;

  @Option(names = "--newer-ratio", defaultValue = "0.10", description = "Newer versions.")
  double newerRatio;

  @Option(
      names = "--conflict-ratio",
      defaultValue = "0.005",
      description = "Versions with the same timestamp but other values (tie-break).")
  double conflictRatio;

  @Option(names = "--invalid-ratio", defaultValue = "0.02", description = "Invalid records.")
  double invalidRatio;

  @Option(
      names = "--category-skew",
      defaultValue = "0.5",
      description = "Share of new products in the hottest category.")
  double categorySkew;

  @Option(names = "--html-bytes", defaultValue = "0", description = "Mean html body size; 0: none.")
  int htmlBytes;

  @Option(names = "--start", defaultValue = "2026-05-19T00:00:00Z", description = "First scrape.")
  Instant start;

  @Option(names = "--span-hours", defaultValue = "36", description = "Scrape duration.")
  int spanHours;

  @Option(names = "--gzip", negatable = true, defaultValue = "true", fallbackValue = "true")
  boolean gzip;

  /** What was generated: what the job must find. */
  public record Summary(
      long records,
      long newProducts,
      long duplicates,
      Map<InvalidKind, Long> invalid,
      List<Path> files) {

    public long invalidTotal() {
      return invalid.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Expected quarantine count per reason code. */
    public Map<String, Long> invalidByReason() {
      var byReason = new TreeMap<String, Long>();
      invalid.forEach((kind, n) -> byReason.merge(kind.reason(), n, Long::sum));
      return byReason;
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new ScrapeDataGenerator()).execute(args));
  }

  /** Generates with every default but folder, count and seed (for tests and benchmarks). */
  public static ScrapeDataGenerator of(Path out, long count, long seed) {
    var generator = new ScrapeDataGenerator();
    new CommandLine(generator)
        .parseArgs(
            "--out",
            out.toString(),
            "--count",
            Long.toString(count),
            "--seed",
            Long.toString(seed));
    return generator;
  }

  public ScrapeDataGenerator files(int n) {
    this.files = n;
    return this;
  }

  public ScrapeDataGenerator gzip(boolean on) {
    this.gzip = on;
    return this;
  }

  public ScrapeDataGenerator invalidRatio(double ratio) {
    this.invalidRatio = ratio;
    return this;
  }

  public ScrapeDataGenerator htmlBytes(int bytes) {
    this.htmlBytes = bytes;
    return this;
  }

  @Override
  public Integer call() throws IOException {
    Summary s = generate();
    System.out.printf(
        "wrote %d records to %d files in %s: %d products, %d duplicates/versions, %d invalid%n",
        s.records(), s.files().size(), out, s.newProducts(), s.duplicates(), s.invalidTotal());
    return 0;
  }

  public Summary generate() throws IOException {
    Files.createDirectories(out);
    var random = new SplittableRandom(seed);
    var records = new ProductRecords(random, start, spanHours * 3600L, categorySkew, htmlBytes);
    var recent = new ArrayList<ProductRecords.Product>();
    var invalid = new EnumMap<InvalidKind, Long>(InvalidKind.class);
    InvalidKind[] kinds = InvalidKind.values();
    long products = 0;
    long duplicates = 0;
    long invalidSoFar = 0;
    List<Path> paths = new ArrayList<>();
    List<Writer> writers = new ArrayList<>();
    try {
      for (int f = 0; f < files; f++) {
        Path path = out.resolve(String.format("part-%05d.jsonl%s", f, gzip ? ".gz" : ""));
        paths.add(path);
        writers.add(writer(path));
      }
      for (long i = 0; i < count; i++) {
        double r = random.nextDouble();
        String line;
        if (r < invalidRatio) {
          InvalidKind kind = kinds[(int) (invalidSoFar++ % kinds.length)];
          var product = records.newProduct(-1 - i);
          var fields = new LinkedHashMap<>(product.fields());
          String whole = kind.apply(fields, product.line());
          line = whole != null ? whole : new ProductRecords.Product(null, null, fields).line();
          invalid.merge(kind, 1L, Long::sum);
        } else if (!recent.isEmpty() && r < invalidRatio + duplicateRatio) {
          line = recent.get(random.nextInt(recent.size())).line();
          duplicates++;
        } else if (!recent.isEmpty() && r < invalidRatio + duplicateRatio + newerRatio) {
          int at = random.nextInt(recent.size());
          var newer = records.newerVersion(recent.get(at));
          recent.set(at, newer);
          line = newer.line();
          duplicates++;
        } else if (!recent.isEmpty()
            && r < invalidRatio + duplicateRatio + newerRatio + conflictRatio) {
          line = records.conflictingVersion(recent.get(random.nextInt(recent.size()))).line();
          duplicates++;
        } else {
          var product = records.newProduct(products++);
          remember(recent, product, random);
          line = product.line();
        }
        Writer w = writers.get((int) (i % files));
        w.write(line);
        w.write('\n');
      }
    } finally {
      for (Writer w : writers) {
        w.close();
      }
    }
    return new Summary(count, products, duplicates, invalid, paths);
  }

  private static void remember(
      List<ProductRecords.Product> recent, ProductRecords.Product p, SplittableRandom random) {
    if (recent.size() < RECENT) {
      recent.add(p);
    } else {
      recent.set(random.nextInt(RECENT), p);
    }
  }

  private Writer writer(Path path) throws IOException {
    OutputStream os = Files.newOutputStream(path);
    if (gzip) {
      os = new GZIPOutputStream(os, 1 << 16);
    }
    return new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
  }
}
