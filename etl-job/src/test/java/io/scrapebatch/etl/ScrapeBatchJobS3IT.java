package io.scrapebatch.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.v1alpha1.BatchResult;
import io.scrapebatch.etl.sample.ScrapeDataGenerator;
import io.scrapebatch.etl.storage.ConditionalPutLogStore;
import io.scrapebatch.etl.storage.S3Conf;
import io.scrapebatch.testing.s3.LocalObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.storage.DelegatingLogStore;
import org.apache.spark.sql.delta.storage.LogStoreAdaptor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job from S3 to S3 on the real server: JSONL and JSONL.gz objects under a date prefix in
 * one bucket, the table and its quarantine in another.
 */
class ScrapeBatchJobS3IT {
  private static final String RAW = "scrape-raw";
  private static final String LAKE = "scrape-lake";
  private static final String INPUT = "s3a://" + RAW + "/products/2026-05-19/";
  private static final String TABLE = "s3a://" + LAKE + "/products";
  private static final String QUARANTINE = "s3a://" + LAKE + "/products_quarantine";
  private static final int RECORDS = 3_000;

  @TempDir static Path dir;
  private static LocalObjectStore store;
  private static ScrapeDataGenerator.Summary generated;
  private static JobReport first;

  @BeforeAll
  static void uploadAndRunOnce() throws IOException {
    store = LocalObjectStore.launch();
    store.createBucket(RAW);
    store.createBucket(LAKE);
    var hadoop = SharedSpark.get().sparkContext().hadoopConfiguration();
    S3Conf.bind(hadoop, store, RAW);
    S3Conf.bind(hadoop, store, LAKE);

    generated = ScrapeDataGenerator.of(dir.resolve("generated"), RECORDS, 19).files(3).generate();
    List<Path> files = generated.files();
    String prefix = "products/2026-05-19/";
    store.put(RAW, prefix, new byte[0]); // a console-made "folder": a directory marker
    store.put(RAW, prefix + "spider-a/part-00000.jsonl.gz", Files.readAllBytes(files.get(0)));
    store.put(RAW, prefix + "spider-a/part-00001.jsonl.gz", Files.readAllBytes(files.get(1)));
    try (var in = new GZIPInputStream(Files.newInputStream(files.get(2)))) {
      store.put(RAW, prefix + "spider-b/part-00002.jsonl", in.readAllBytes());
    }
    store.put(RAW, prefix + "spider-b/_SUCCESS", new byte[0]);
    store.put(RAW, prefix + "spider-b/manifest.txt", "3 files\n".getBytes());
    store.put(RAW, "products/2026-05-20/part-00000.jsonl", "{\"not\":\"today\"}\n".getBytes());

    first = run(INPUT, TABLE, QUARANTINE, "--batch-id", "day-2026-05-19");
  }

  @AfterAll
  static void stopServer() {
    store.close();
  }

  @Test
  void readsEveryObjectUnderThePrefixAndAccountsForEveryRow() {
    assertThat(first.exitCode()).as("%s", first.message()).isZero();
    assertThat(first.input().files()).isEqualTo(3);
    assertThat(first.input().ignored())
        .containsExactlyInAnyOrder(INPUT + "spider-b/_SUCCESS", INPUT + "spider-b/manifest.txt");
    BatchResult r = first.result();
    assertThat(r.recordsRead()).isEqualTo(RECORDS);
    assertThat(r.recordsQuarantined()).isEqualTo(generated.invalidTotal());
    assertThat(r.invalidByReason()).containsExactlyInAnyOrderEntriesOf(generated.invalidByReason());
    assertThat(r.duplicatesInBatch()).isEqualTo(generated.duplicates());
    assertThat(r.recordsWritten()).isEqualTo(generated.newProducts());
    assertThat(
            r.recordsWritten()
                + r.duplicatesInBatch()
                + r.alreadyPresent()
                + r.recordsQuarantined())
        .as("conservation")
        .isEqualTo(r.recordsRead());
  }

  @Test
  void theTableAndItsQuarantineAreDeltaTablesInTheLakeBucket() {
    SparkSession spark = SharedSpark.get();
    assertThat(spark.read().format("delta").load(TABLE).count()).isEqualTo(generated.newProducts());
    assertThat(spark.read().format("delta").load(QUARANTINE).count())
        .isEqualTo(generated.invalidTotal());
    assertThat(store.keys(LAKE, "products/"))
        .anyMatch(k -> k.startsWith("products/dt=2026-05-19/") && k.endsWith(".parquet"))
        .contains("products/_delta_log/00000000000000000000.json")
        .contains("products/_delta_log/00000000000000000001.json");
    assertThat(logStoreImplementation(TABLE)).isInstanceOf(ConditionalPutLogStore.class);
  }

  @Test
  void aRerunOfTheBatchWritesNothingAndReportsWhatTheBatchWrote() {
    List<String> before = store.keys(LAKE, "");

    JobReport rerun =
        run(INPUT, TABLE, QUARANTINE, "--batch-id", "day-2026-05-19", "--attempt", "2");

    assertThat(rerun.exitCode()).as("%s", rerun.message()).isZero();
    assertThat(rerun.alreadyMerged()).isTrue();
    assertThat(rerun.result().recordsWritten())
        .as("the counts of the batch's MERGE, found with its marker")
        .isEqualTo(first.result().recordsWritten());
    assertThat(rerun.result().deltaVersion()).isEqualTo(first.result().deltaVersion());
    assertThat(store.keys(LAKE, "")).as("no object added or removed").isEqualTo(before);
  }

  @Test
  void s3UrisWorkLikeS3aOnes() {
    String table = "s3://" + LAKE + "/products_s3";

    JobReport report =
        run(INPUT.replace("s3a://", "s3://"), table, table + "_quarantine", "--batch-id", "s3");

    assertThat(report.exitCode()).as("%s", report.message()).isZero();
    assertThat(report.result().recordsWritten()).isEqualTo(generated.newProducts());
    assertThat(SharedSpark.get().read().format("delta").load(table).count())
        .isEqualTo(generated.newProducts());
    assertThat(logStoreImplementation(table)).isInstanceOf(ConditionalPutLogStore.class);
  }

  /** The LogStore Delta commits this table's versions through. */
  private static io.delta.storage.LogStore logStoreImplementation(String table) {
    var log = DeltaLog.forTable(SharedSpark.get(), table);
    var delegating = (DelegatingLogStore) log.store();
    return ((LogStoreAdaptor) delegating.getDelegate(new org.apache.hadoop.fs.Path(table)))
        .logStoreImpl();
  }

  private static JobReport run(String input, String table, String quarantine, String... extra) {
    var args =
        new ArrayList<>(
            List.of(
                "--input", input,
                "--table", table,
                "--quarantine", quarantine,
                "--contract", "samples/products-contract.yaml",
                "--dedup-keys", "url",
                "--order-by", "scraped_at",
                "--partition-field", "scraped_at"));
    args.addAll(List.of(extra));
    Clock clock = Clock.fixed(Instant.parse("2026-05-21T06:00:00Z"), ZoneOffset.UTC);
    return new ScrapeBatchJob(master -> SharedSpark.get(), clock, progress -> {})
        .run(args.toArray(String[]::new));
  }
}
