package io.scrapebatch.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.v1alpha1.BatchResult;
import io.scrapebatch.api.v1alpha1.FailureClass;
import io.scrapebatch.api.v1alpha1.StageSkew;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
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
