package io.scrapebatch.api.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrapebatch.api.v1alpha1.BatchResult;
import io.scrapebatch.api.v1alpha1.FailureClass;
import io.scrapebatch.api.v1alpha1.StageSkew;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the job leaves in its container's termination message: outcome, counts, failure class with
 * short evidence and the worst stage's skew. It must fit {@link
 * JobContract#TERMINATION_MESSAGE_MAX_BYTES}; {@link #toJson} drops evidence lines, then shortens
 * the message, until it does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TerminationReport(
    int exitCode,
    FailureClass failureClass,
    String message,
    List<String> evidence,
    BatchResult result,
    StageSkew skew,
    Long durationMillis) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public String toJson() {
    TerminationReport fitted = this;
    String json = write(fitted);
    while (bytes(json) > JobContract.TERMINATION_MESSAGE_MAX_BYTES) {
      fitted = fitted.shrunk();
      json = write(fitted);
    }
    return json;
  }

  public static TerminationReport fromJson(String json) throws JsonProcessingException {
    return JSON.readValue(json, TerminationReport.class);
  }

  private TerminationReport shrunk() {
    if (evidence != null && !evidence.isEmpty()) {
      var fewer = new ArrayList<>(evidence.subList(0, evidence.size() - 1));
      return new TerminationReport(
          exitCode, failureClass, message, fewer, result, skew, durationMillis);
    }
    if (message != null && message.length() > 64) {
      return new TerminationReport(
          exitCode,
          failureClass,
          message.substring(0, message.length() / 2) + "…",
          evidence,
          result,
          skew,
          durationMillis);
    }
    throw new IllegalStateException("termination report cannot fit 4 KiB: " + write(this));
  }

  private static String write(TerminationReport report) {
    try {
      return JSON.writeValueAsString(report);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8).length;
  }
}
