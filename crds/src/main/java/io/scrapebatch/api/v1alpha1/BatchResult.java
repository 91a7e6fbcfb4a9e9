package io.scrapebatch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/**
 * The job's counts. They conserve: recordsRead = recordsWritten + duplicatesInBatch +
 * alreadyPresent + recordsQuarantined.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchResult(
    @JsonPropertyDescription("Lines read from the input.") Long recordsRead,
    @JsonPropertyDescription(
            "Lines that were no record: not one JSON object, not UTF-8 or longer than the"
                + " contract's maxLineBytes (part of recordsQuarantined).")
        Long recordsMalformed,
    @JsonPropertyDescription("Rows written to the quarantine table (malformed included).")
        Long recordsQuarantined,
    @JsonPropertyDescription("Quarantined rows per violated rule (a row can violate several).")
        Map<String, Long> invalidByReason,
    @JsonPropertyDescription("Valid rows dropped as older or equal versions within the batch.")
        Long duplicatesInBatch,
    @JsonPropertyDescription("Valid rows whose key was already in the target table.")
        Long alreadyPresent,
    @JsonPropertyDescription("Rows inserted into the target table.") Long recordsWritten,
    @JsonPropertyDescription("The target table's Delta version before the merge.")
        Long deltaVersionBefore,
    @JsonPropertyDescription("The target table's Delta version after the merge.")
        Long deltaVersion) {}
