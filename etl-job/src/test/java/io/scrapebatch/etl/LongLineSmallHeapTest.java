package io.scrapebatch.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.job.TerminationReport;
import io.scrapebatch.etl.storage.ChildJvm;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job in a JVM of its own with a small heap, as a modest executor has: a line of 28 MB — a
 * whole scrape dumped as one JSON array — is quarantined without being parsed and the batch
 * succeeds. Parsed (the same run with {@code maxLineBytes} above the line), it ran this JVM out of
 * memory (exit 52); so did 40 MB with the limit, which only the reader's own copies of the line
 * take.
 */
class LongLineSmallHeapTest {
  private static final int GOOD_LINES = 40;
  private static final int LONG_LINE_MB = 28;

  @TempDir Path dir;

  @Test
  void aLineOfTensOfMegabytesIsQuarantinedUnparsedWithinA512MbHeap() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    writeInput(in.resolve("part-0.jsonl"), LONG_LINE_MB << 20);

    var job =
        new ChildJvm(
            ScrapeBatchJob.class,
            Map.of(),
            Map.of("spark.ui.enabled", "false", "spark.sql.shuffle.partitions", "2"),
            "512m");
    var running =
        job.start(
            dir.resolve("job.log"),
            "--input",
            in.toString(),
            "--table",
            dir.resolve("t").toString(),
            "--quarantine",
            dir.resolve("q").toString(),
            "--contract",
            "samples/products-contract.yaml",
            "--dedup-keys",
            "url",
            "--master",
            "local[1]",
            "--termination-log",
            dir.resolve("termination-log").toString());
    int exit = running.await(Duration.ofMinutes(4));

    assertThat(exit).as("%s", tail(running.output())).isZero();
    TerminationReport report =
        TerminationReport.fromJson(Files.readString(dir.resolve("termination-log")));
    assertThat(report.result().recordsRead()).isEqualTo(GOOD_LINES + 1);
    assertThat(report.result().recordsWritten()).isEqualTo(GOOD_LINES);
    assertThat(report.result().invalidByReason()).containsExactly(Map.entry("line_too_long", 1L));
  }

  private static void writeInput(Path file, int longLineBytes) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < GOOD_LINES / 2; i++) {
        out.write(ScrapeBatchJobTest.product(i) + "\n");
      }
      out.write('[');
      for (int written = 1, i = 0; written < longLineBytes; i++) {
        String record = ScrapeBatchJobTest.product(100_000 + i) + ",";
        out.write(record);
        written += record.length();
      }
      out.write("{}]\n");
      for (int i = GOOD_LINES / 2; i < GOOD_LINES; i++) {
        out.write(ScrapeBatchJobTest.product(i) + "\n");
      }
    }
  }

  private static String tail(String output) {
    return output.length() <= 4000 ? output : output.substring(output.length() - 4000);
  }
}
