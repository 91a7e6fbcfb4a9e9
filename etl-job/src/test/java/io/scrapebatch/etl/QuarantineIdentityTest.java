package io.scrapebatch.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.job.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A quarantine row is one invalid input line (file, text, occurrence): retries over grown input and
 * re-created batches over the same input neither lose nor duplicate rows. Through the job's command
 * line on real Delta tables.
 */
class QuarantineIdentityTest {
  private static final String CONTRACT = "samples/products-contract.yaml";

  @TempDir Path dir;

  @Test
  void aRetryOverGrownInputQuarantinesTheNewLinesAndKeepsTheOld() throws IOException {
    Path raw = Files.createDirectories(dir.resolve("raw"));
    // File A: 10 invalid lines (two of them the same text, so two rows) among 20 valid ones.
    var a = new ArrayList<String>();
    for (int i = 0; i < 20; i++) {
      a.add(valid(i));
    }
    for (int i = 0; i < 8; i++) {
      a.add(badUrl("a" + i));
    }
    a.add("not json at all");
    a.add("not json at all");
    Files.write(raw.resolve("a.jsonl"), a);

    JobReport first = run(raw, "b1", 1);

    assertThat(first.exitCode()).as("%s", first.evidence()).isEqualTo(10);
    assertThat(quarantine().count()).isEqualTo(10);

    // File B arrives before the retry: 5 more invalid lines.
    var b = new ArrayList<String>();
    for (int i = 0; i < 5; i++) {
      b.add(badUrl("b" + i));
    }
    Files.write(raw.resolve("b.jsonl"), b);

    JobReport retry = run(raw, "b1", 2);

    assertThat(retry.exitCode()).isEqualTo(ExitCode.CONTRACT_VIOLATION.code());
    assertThat(retry.result().recordsQuarantined()).isEqualTo(15);
    assertThat(retry.quarantine().rowsWritten()).isEqualTo(5);
    assertThat(retry.quarantine().alreadyQuarantined()).isEqualTo(10);
    assertThat(quarantine().count()).as("every invalid line, once").isEqualTo(15);
    assertThat(quarantine().where("raw_line = 'not json at all'").count()).isEqualTo(2);
    assertThat(quarantine().select("line_id").distinct().count()).isEqualTo(15);

    // The same input again under a new batch identity (deleted and re-created): nothing added.
    JobReport recreated = run(raw, "b1-recreated", 1);

    assertThat(recreated.exitCode()).isEqualTo(ExitCode.CONTRACT_VIOLATION.code());
    assertThat(recreated.result().recordsQuarantined()).isEqualTo(15);
    assertThat(recreated.quarantine().rowsWritten()).isZero();
    assertThat(recreated.quarantine().alreadyQuarantined()).isEqualTo(15);
    assertThat(quarantine().count()).isEqualTo(15);
    assertThat(quarantine().where("batch_id = 'b1-recreated'").count()).isZero();
  }

  private static String valid(int i) {
    return "{\"url\":\"https://shop.example/p/"
        + i
        + "\",\"scraped_at\":\"2026-05-19T01:00:00Z\",\"title\":\"t\",\"price\":1.5,"
        + "\"currency\":\"EUR\",\"category\":\"grocery\"}";
  }

  private static String badUrl(String id) {
    return "{\"url\":\"ftp://shop.example/p/"
        + id
        + "\",\"scraped_at\":\"2026-05-19T01:00:00Z\",\"title\":\"t\",\"price\":1.5,"
        + "\"currency\":\"EUR\",\"category\":\"grocery\"}";
  }

  private JobReport run(Path input, String batchId, int attempt) {
    var args =
        List.of(
            "--input",
            input.toString(),
            "--table",
            dir.resolve("t").toString(),
            "--quarantine",
            dir.resolve("q").toString(),
            "--contract",
            CONTRACT,
            "--dedup-keys",
            "url",
            "--order-by",
            "scraped_at",
            "--partition-field",
            "scraped_at",
            "--batch-id",
            batchId,
            "--attempt",
            String.valueOf(attempt));
    Clock clock = Clock.fixed(Instant.parse("2026-05-21T06:00:00Z"), ZoneOffset.UTC);
    return new ScrapeBatchJob(master -> SharedSpark.get(), clock, p -> {})
        .run(args.toArray(String[]::new));
  }

  private Dataset<Row> quarantine() {
    return SharedSpark.get().read().format("delta").load(dir.resolve("q").toString());
  }
}
