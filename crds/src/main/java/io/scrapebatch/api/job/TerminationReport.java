package io.scrapebatch.api.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrapebatch.api.v1alpha1.BatchResult;
import io.scrapebatch.api.v1alpha1.FailureClass;
import io.scrapebatch.api.v1alpha1.StageSkew;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the job leaves in its container's termination message: outcome, counts, failure class with
 * short evidence and the worst stage's skew. It must fit {@link
 * JobContract#TERMINATION_MESSAGE_MAX_BYTES}: {@link #toJson} shrinks it step by step (reason
 * counts to the largest ones plus an {@link #OTHER_REASONS} total, evidence lines, the message, the
 * skew) until it does, and never throws — the exit code must reach the operator whatever the counts
 * look like. The job's report file keeps everything.
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

  /**
   * The key of the rows of every reason left out of a shrunk {@code invalidByReason}. Reason codes
   * are {@code field:rule} or a word of the job's own; this one is neither.
   */
  public static final String OTHER_REASONS = "other";

  /** Reasons kept before any evidence line is dropped: the evidence explains a failure. */
  static final int REASONS_KEPT_FIRST = 10;

  private static final int MESSAGE_MIN_CHARS = 64;

  private static final ObjectMapper JSON = new ObjectMapper();

  public String toJson() {
    TerminationReport fitted = this;
    Optional<String> json = write(fitted);
    while (json.isEmpty() || bytes(json.get()) > JobContract.TERMINATION_MESSAGE_MAX_BYTES) {
      Optional<TerminationReport> smaller = fitted.shrunk();
      if (smaller.isEmpty()) {
        return minimal();
      }
      fitted = smaller.get();
      json = write(fitted);
    }
    return json.get();
  }

  public static TerminationReport fromJson(String json) throws JsonProcessingException {
    return JSON.readValue(json, TerminationReport.class);
  }

  /** One step smaller, or empty when nothing is left to cut but exit code and class. */
  private Optional<TerminationReport> shrunk() {
    int reasons = reasonCount();
    if (reasons > REASONS_KEPT_FIRST + 1) {
      return Optional.of(withResult(topReasons(REASONS_KEPT_FIRST)));
    }
    if (evidence != null && !evidence.isEmpty()) {
      var fewer = new ArrayList<>(evidence.subList(0, evidence.size() - 1));
      return Optional.of(
          new TerminationReport(
              exitCode, failureClass, message, fewer, result, skew, durationMillis));
    }
    if (reasons > 2) {
      return Optional.of(withResult(topReasons(reasons / 2)));
    }
    if (message != null && message.length() > MESSAGE_MIN_CHARS) {
      return Optional.of(
          new TerminationReport(
              exitCode,
              failureClass,
              message.substring(0, message.length() / 2) + "…",
              evidence,
              result,
              skew,
              durationMillis));
    }
    if (skew != null) {
      return Optional.of(
          new TerminationReport(
              exitCode, failureClass, message, evidence, result, null, durationMillis));
    }
    if (reasons > 0) {
      return Optional.of(withResult(topReasons(0)));
    }
    return Optional.empty();
  }

  private int reasonCount() {
    return result == null || result.invalidByReason() == null ? 0 : result.invalidByReason().size();
  }

  private TerminationReport withResult(BatchResult shrunk) {
    return new TerminationReport(
        exitCode, failureClass, message, evidence, shrunk, skew, durationMillis);
  }

  /** The result with its {@code keep} largest reasons and the others' rows summed. */
  private BatchResult topReasons(int keep) {
    Map<String, Long> all = result.invalidByReason();
    var ranked =
        all.entrySet().stream()
            .sorted(
                Map.Entry.<String, Long>comparingByValue(
                        Comparator.nullsFirst(Comparator.naturalOrder()))
                    .reversed()
                    .thenComparing(Map.Entry.comparingByKey()))
            .toList();
    var kept = new LinkedHashMap<String, Long>();
    long other = 0;
    for (int i = 0; i < ranked.size(); i++) {
      var e = ranked.get(i);
      long n = e.getValue() == null ? 0 : e.getValue();
      if (i < keep && !OTHER_REASONS.equals(e.getKey())) {
        kept.put(e.getKey(), n);
      } else {
        other += n;
      }
    }
    kept.put(OTHER_REASONS, other);
    return new BatchResult(
        result.recordsRead(),
        result.recordsMalformed(),
        result.recordsQuarantined(),
        kept,
        result.duplicatesInBatch(),
        result.alreadyPresent(),
        result.recordsWritten(),
        result.deltaVersionBefore(),
        result.deltaVersion());
  }

  /** The last resort: always a few dozen bytes. */
  private String minimal() {
    return write(new TerminationReport(exitCode, failureClass, null, null, null, null, null))
        .orElse("{\"exitCode\":" + exitCode + "}");
  }

  private static Optional<String> write(TerminationReport report) {
    try {
      return Optional.of(JSON.writeValueAsString(report));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  private static int bytes(String json) {
    return json.getBytes(StandardCharsets.UTF_8).length;
  }
}
