package io.scrapebatch.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.job.JobContract;
import io.scrapebatch.api.job.TerminationReport;
import io.scrapebatch.api.v1alpha1.FailureClass;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A contract with hundreds of reason codes, each violated: the termination message still fits and
 * carries the right exit code; the report file keeps every reason.
 */
class WideContractReportTest {
  private static final int FIELDS = 300;

  @TempDir Path dir;

  @Test
  void hundredsOfReasonCodesStillLeaveAFittingTerminationMessageWithTheRightExitCode()
      throws Exception {
    var contract = new StringBuilder("maxInvalidRatio: 0.1\nfields:\n");
    contract.append("  - name: id\n    type: string\n    required: true\n");
    var lines = new ArrayList<String>();
    for (int i = 0; i < FIELDS; i++) {
      contract.append("  - name: ").append(field(i)).append("\n    type: string\n");
      contract.append("    pattern: \"^ok$\"\n");
      lines.add("{\"id\":\"r" + i + "\",\"" + field(i) + "\":\"not ok\"}");
    }
    Files.writeString(dir.resolve("contract.yaml"), contract);
    Files.createDirectories(dir.resolve("raw"));
    Files.write(dir.resolve("raw/part-0.jsonl"), lines);

    JobReport report =
        new ScrapeBatchJob(master -> SharedSpark.get(), Clock.systemUTC(), p -> {})
            .run(
                new String[] {
                  "--input", dir.resolve("raw").toString(),
                  "--table", dir.resolve("t").toString(),
                  "--quarantine", dir.resolve("q").toString(),
                  "--contract", dir.resolve("contract.yaml").toString(),
                  "--dedup-keys", "id",
                  "--report", dir.resolve("report.json").toString(),
                  "--termination-log", dir.resolve("termination-log").toString()
                });

    assertThat(report.exitCode()).as("%s", report.evidence()).isEqualTo(10);
    assertThat(report.result().invalidByReason()).hasSize(FIELDS);
    byte[] message = Files.readAllBytes(dir.resolve("termination-log"));
    assertThat(message.length).isLessThanOrEqualTo(JobContract.TERMINATION_MESSAGE_MAX_BYTES);
    TerminationReport termination =
        TerminationReport.fromJson(new String(message, StandardCharsets.UTF_8));
    assertThat(termination.exitCode()).isEqualTo(10);
    assertThat(termination.failureClass()).isEqualTo(FailureClass.ContractViolation);
    assertThat(termination.result().recordsQuarantined()).isEqualTo(FIELDS);
    assertThat(termination.result().invalidByReason())
        .containsKey(TerminationReport.OTHER_REASONS)
        .hasSizeLessThan(FIELDS);
    assertThat(
            termination.result().invalidByReason().values().stream()
                .mapToLong(Long::longValue)
                .sum())
        .isEqualTo(FIELDS);
    assertThat(Files.readString(dir.resolve("report.json")))
        .as("the report file keeps every reason")
        .contains(field(0) + ":pattern", field(FIELDS - 1) + ":pattern");
  }

  private static String field(int i) {
    return "a_rather_long_field_name_of_a_wide_contract_" + i;
  }
}
