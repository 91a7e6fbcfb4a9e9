package io.scrapebatch.etl;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Optional;

/**
 * Recorded in the MERGE commit's {@code userMetadata}: which batch (and exact input) the commit
 * merged, with its counts. A re-run of the same batch on the same input finds it in the table's
 * history and ends at once — no parse, no files, no commit — reporting every row as already
 * handled. Any other input still goes through the insert-only MERGE, which is idempotent itself.
 *
 * <p>The marker is set before the MERGE runs, and the deduplication runs inside the MERGE: the
 * marker holds the scan's counts, and the rest come from the same commit's metrics when the marker
 * is found ({@link #withMergeMetrics}): the distinct valid keys are the rows that MERGE read
 * ({@code numSourceRows}), the rows written are the ones it inserted, and the difference was
 * already present. A re-run that finds the marker reports what the batch did, not zeros.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchMarker(
    String batchId,
    String inputFingerprint,
    long recordsRead,
    long recordsMalformed,
    long recordsQuarantined,
    Map<String, Long> invalidByReason,
    Long duplicatesInBatch,
    Long distinctValidKeys,
    Long recordsWritten,
    Long alreadyPresent) {

  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  static BatchMarker of(String batchId, String fingerprint, BatchCounts counts) {
    return new BatchMarker(
        batchId,
        fingerprint,
        counts.read(),
        counts.malformed(),
        counts.invalid(),
        counts.invalidByReason(),
        null,
        null,
        null,
        null);
  }

  /**
   * The marker with its MERGE commit's metrics: the rows it read (one per distinct valid key) and
   * inserted; the others it read were already present.
   */
  BatchMarker withMergeMetrics(long sourceRows, long inserted) {
    long valid = recordsRead - recordsQuarantined;
    return new BatchMarker(
        batchId,
        inputFingerprint,
        recordsRead,
        recordsMalformed,
        recordsQuarantined,
        invalidByReason,
        valid - sourceRows,
        sourceRows,
        inserted,
        sourceRows - inserted);
  }

  /** The substring a commit's metadata contains when it merged this batch. */
  static String searchKey(String batchId) {
    return "\"batchId\":" + quote(batchId);
  }

  String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Optional<BatchMarker> parse(String json) {
    try {
      return Optional.of(JSON.readValue(json, BatchMarker.class));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  private static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
