package io.scrapebatch.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.v1alpha1.BatchResult;
import io.scrapebatch.api.v1alpha1.FailureClass;
import io.scrapebatch.api.v1alpha1.StageSkew;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminationReportTest {
  private static final BatchResult RESULT =
      new BatchResult(100L, 2L, 5L, Map.of("price.minimum", 3L), 10L, 20L, 65L, 3L, 4L);

  @Test
  void roundTripsThroughJson() throws Exception {
    var report =
        new TerminationReport(
            0,
            null,
            "merged",
            List.of(),
            RESULT,
            new StageSkew(3, "dedup", 900L, 100L, 9.0),
            1234L);

    assertThat(TerminationReport.fromJson(report.toJson())).isEqualTo(report);
  }

  @Test
  void dropsEvidenceLinesUntilTheReportFitsFourKibibytes() throws Exception {
    var longLines =
        Collections.nCopies(40, "java.lang.OutOfMemoryError: Java heap space ".repeat(4));
    var report =
        new TerminationReport(
            52, FailureClass.DriverOOM, "driver ran out of heap", longLines, RESULT, null, 1L);

    String json = report.toJson();

    assertThat(json.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(JobContract.TERMINATION_MESSAGE_MAX_BYTES);
    var parsed = TerminationReport.fromJson(json);
    assertThat(parsed.evidence()).isNotEmpty().hasSizeLessThan(40);
    assertThat(parsed.failureClass()).isEqualTo(FailureClass.DriverOOM);
    assertThat(parsed.result()).isEqualTo(RESULT);
  }

  @Test
  void aWideContractsReasonCountsShrinkToTheLargestPlusAnOtherTotal() throws Exception {
    var byReason = new LinkedHashMap<String, Long>();
    long total = 0;
    for (int i = 0; i < 600; i++) {
      long n = 1000 + i;
      byReason.put("a_rather_long_field_name_of_a_wide_contract_" + i + ".pattern", n);
      total += n;
    }
    var result = new BatchResult(900_000L, 0L, 800_000L, byReason, null, null, null, 3L, 3L);
    var report =
        new TerminationReport(
            10,
            FailureClass.ContractViolation,
            "800000 of 900000 rows are invalid",
            List.of("line one", "line two"),
            result,
            null,
            1L);

    String json = report.toJson();

    assertThat(json.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(JobContract.TERMINATION_MESSAGE_MAX_BYTES);
    var parsed = TerminationReport.fromJson(json);
    assertThat(parsed.exitCode()).isEqualTo(10);
    assertThat(parsed.failureClass()).isEqualTo(FailureClass.ContractViolation);
    assertThat(parsed.evidence()).as("ten reasons leave room for the evidence").hasSize(2);
    Map<String, Long> kept = parsed.result().invalidByReason();
    assertThat(kept).hasSize(TerminationReport.REASONS_KEPT_FIRST + 1);
    assertThat(kept)
        .as("the largest counts are kept")
        .containsEntry("a_rather_long_field_name_of_a_wide_contract_599.pattern", 1599L)
        .containsEntry("a_rather_long_field_name_of_a_wide_contract_590.pattern", 1590L);
    assertThat(kept.values().stream().mapToLong(Long::longValue).sum())
        .as("no row is lost from the totals")
        .isEqualTo(total);
    assertThat(parsed.result().recordsQuarantined()).isEqualTo(800_000L);
  }

  @Test
  void anythingAtAllStillFitsAndNeverThrows() throws Exception {
    var byReason = new LinkedHashMap<String, Long>();
    for (int i = 0; i < 2000; i++) {
      byReason.put("f".repeat(200) + i + ".enum", (long) i);
    }
    var report =
        new TerminationReport(
            14,
            FailureClass.ConservationViolated,
            "\u0001".repeat(50_000),
            Collections.nCopies(500, "\u0002".repeat(400)),
            new BatchResult(1L, 1L, 1L, byReason, 1L, 1L, 1L, 1L, 1L),
            new StageSkew(1, "s".repeat(10_000), 1L, 1L, 1.0),
            1L);

    String json = report.toJson();

    assertThat(json.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(JobContract.TERMINATION_MESSAGE_MAX_BYTES);
    var parsed = TerminationReport.fromJson(json);
    assertThat(parsed.exitCode()).isEqualTo(14);
    assertThat(parsed.failureClass()).isEqualTo(FailureClass.ConservationViolated);
  }

  @Test
  void everyFailingExitCodeImpliesAFailureClassAndCodesAreDistinct() {
    assertThat(ExitCode.values())
        .filteredOn(e -> e != ExitCode.SUCCESS)
        .allSatisfy(e -> assertThat(e.failureClass()).isPresent());
    assertThat(ExitCode.of(52)).contains(ExitCode.JVM_OOM);
    assertThat(ExitCode.of(77)).isEmpty();
    assertThat(List.of(ExitCode.values()).stream().map(ExitCode::code).distinct())
        .hasSize(ExitCode.values().length);
  }
}
