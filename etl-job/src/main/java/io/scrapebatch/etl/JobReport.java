package io.scrapebatch.etl;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.scrapebatch.api.job.TerminationReport;
import io.scrapebatch.api.v1alpha1.BatchResult;
import io.scrapebatch.api.v1alpha1.FailureClass;
import io.scrapebatch.api.v1alpha1.StageSkew;
import java.util.List;
import java.util.Map;

/**
 * The full account of one run, written to {@code --report}; {@link #toTermination} cuts it to the 4
 * KiB {@link TerminationReport} the operator reads from the pod.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobReport(
    String batchId,
    int attempt,
    String outcome,
    int exitCode,
    FailureClass failureClass,
    String message,
    List<String> evidence,
    BatchResult result,
    Input input,
    Quarantine quarantine,
    Boolean alreadyMerged,
    Long filesAdded,
    Map<String, Long> stepMillis,
    List<StageStats> stages,
    StageSkew worstStage,
    String startedAt,
    long durationMillis) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** What was read: data files, their bytes, and files skipped as not JSON lines (first 20). */
  public record Input(String uri, int files, long bytes, int ignoredFiles, List<String> ignored) {}

  /**
   * The quarantine MERGE: the version holding the batch's invalid rows, the rows it added and the
   * rows an earlier attempt or batch had quarantined already (same line of the same file).
   */
  public record Quarantine(String table, Long version, long rowsWritten, long alreadyQuarantined) {}

  public boolean succeeded() {
    return exitCode == 0;
  }

  public TerminationReport toTermination() {
    return new TerminationReport(
        exitCode, failureClass, message, evidence, result, worstStage, durationMillis);
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
