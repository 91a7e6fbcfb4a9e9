package io.scrapebatch.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrapebatch.etl.sample.ScrapeDataGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's standalone command, exactly as printed (read from README.md, so it cannot drift),
 * run by a shell in a fresh working directory laid out like a checkout: the built jar, the sample
 * contract and {@code make sample-data}'s output. Its relative paths must reach Delta as local
 * tables.
 */
class ReadmeStandaloneCommandIT {
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path README = MODULE.resolveSibling("README.md");
  private static final String SECTION = "## The Spark job on its own";
  private static final int RECORDS = 3_000;

  private static final String JAR = "scrapebatch-etl-job-0.1.0-SNAPSHOT.jar";

  @TempDir Path checkout;

  /** Links into the module's build output: removed as links, so cleanup never follows them. */
  private final List<Path> links = new ArrayList<>();

  @AfterEach
  void unlink() throws IOException {
    for (Path link : links) {
      Files.deleteIfExists(link);
    }
  }

  @Test
  void theReadmesJobCommandRunsAsPrintedAndFillsTheRelativeTables() throws Exception {
    String command = readmeCommand();
    assertThat(command).contains("--table .data/clean/products").contains("etl-job/target/" + JAR);
    Files.createDirectories(checkout.resolve("etl-job/target"));
    for (String built : List.of("target/" + JAR, "target/lib", "samples")) {
      links.add(
          Files.createSymbolicLink(checkout.resolve("etl-job/" + built), MODULE.resolve(built)));
    }
    var generated =
        ScrapeDataGenerator.of(checkout.resolve(".data/raw/products"), RECORDS, 42).generate();

    Process job =
        new ProcessBuilder("bash", "-c", command)
            .directory(checkout.toFile())
            .redirectErrorStream(true)
            .redirectOutput(checkout.resolve("job.log").toFile())
            .start();
    assertThat(job.waitFor(10, TimeUnit.MINUTES)).as("the job ends").isTrue();

    String log = Files.readString(checkout.resolve("job.log"), StandardCharsets.UTF_8);
    assertThat(job.exitValue()).as(tail(log)).isZero();
    JsonNode result = new ObjectMapper().readTree(checkout.resolve("report.json").toFile());
    assertThat(result.at("/result/recordsRead").asLong()).isEqualTo(RECORDS);
    assertThat(result.at("/result/recordsWritten").asLong()).isEqualTo(generated.newProducts());
    assertThat(result.at("/result/recordsQuarantined").asLong())
        .isEqualTo(generated.invalidTotal());
    var spark = SharedSpark.get();
    assertThat(
            spark
                .read()
                .format("delta")
                .load(checkout.resolve(".data/clean/products").toString())
                .count())
        .as("the table is where the relative path points")
        .isEqualTo(generated.newProducts());
    assertThat(
            spark
                .read()
                .format("delta")
                .load(checkout.resolve(".data/clean/products_quarantine").toString())
                .count())
        .isEqualTo(generated.invalidTotal());
  }

  /** The {@code java -jar etl-job/…} command of the README's section, continuation lines kept. */
  private static String readmeCommand() throws IOException {
    List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
    int section = lines.indexOf(SECTION);
    assertThat(section).as("README has the section %s", SECTION).isNotNegative();
    int first = section;
    while (first < lines.size() && !lines.get(first).startsWith("java -jar etl-job/")) {
      first++;
    }
    assertThat(first).as("the section has the job's command").isLessThan(lines.size());
    var command = new ArrayList<String>();
    for (int i = first; i < lines.size(); i++) {
      command.add(lines.get(i));
      if (!lines.get(i).endsWith("\\")) {
        break;
      }
    }
    return String.join("\n", command);
  }

  private static String tail(String log) {
    return log.length() <= 6000 ? log : log.substring(log.length() - 6000);
  }
}
