package io.scrapebatch.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.job.ExitCode;
import java.io.PrintWriter;
import java.io.StringWriter;
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
}
