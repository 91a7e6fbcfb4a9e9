package io.scrapebatch.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.job.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JobOptionsTest {
  @Test
  void helpListsEveryExitCodeOfTheContractWithItsMeaning() {
    var out = new StringWriter();
    JobOptions.commandLine(new JobOptions()).usage(new PrintWriter(out));

    String help = out.toString().replaceAll("\\s+", " ");
    for (ExitCode e : ExitCode.values()) {
      assertThat(help).contains(e.code() + " " + e.meaning().replaceAll("\\s+", " "));
    }
  }

  @Test
  void anUnsetPartitionColumnAndTransformTakeTheApisDefaults() {
    var options = new JobOptions();
    JobOptions.commandLine(options)
        .parseArgs(
            "--input",
            "/in",
            "--table",
            "/t",
            "--quarantine",
            "/q",
            "--contract",
            "/c.yaml",
            "--dedup-keys",
            "url",
            "--partition-field",
            "scraped_at");

    var partitioning = options.toArgs().partitioning().orElseThrow();
    assertThat(partitioning.column()).isEqualTo("dt");
    assertThat(partitioning.transform().name()).isEqualTo("DATE");
  }

  @Test
  void plainAndRelativePathsBecomeAbsoluteFileUrisAndUrisStayAsTheyAre() {
    String cwd = Path.of("").toAbsolutePath().toString();
    assertThat(JobArgs.normalized(".data/clean/products"))
        .isEqualTo("file:" + cwd + "/.data/clean/products");
    assertThat(JobArgs.normalized(".data/raw/products/"))
        .isEqualTo("file:" + cwd + "/.data/raw/products");
    assertThat(JobArgs.normalized("./raw/../raw/*.jsonl.gz"))
        .isEqualTo("file:" + cwd + "/raw/*.jsonl.gz");
    assertThat(JobArgs.normalized("/data/clean/t")).isEqualTo("file:/data/clean/t");
    assertThat(JobArgs.normalized("file:///data/clean/t")).isEqualTo("file:/data/clean/t");
    assertThat(JobArgs.normalized("s3a://lake/clean/t/")).isEqualTo("s3a://lake/clean/t");
  }
}
