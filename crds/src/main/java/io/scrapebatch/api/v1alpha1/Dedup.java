package io.scrapebatch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** How duplicates are recognised and which record of a group survives. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Dedup(
    @Required
        @Size(min = 1, max = 16)
        @JsonPropertyDescription(
            "Contract fields that together identify a record (e.g. [url]). Also the MERGE key.")
        List<@Size(max = 63) @Pattern(Patterns.COLUMN_NAME) String> keys,
    @Size(max = 63)
        @Pattern(Patterns.COLUMN_NAME)
        @JsonPropertyDescription(
            "Contract field ordering the versions of a record; the latest is kept. Ties (and an"
                + " unset orderBy) are broken by a stable hash of the whole record, so every attempt"
                + " keeps the same row.")
        String orderBy,
    @Min(2)
        @Max(4096)
        @JsonPropertyDescription(
            "Force two-phase salted deduplication with this many salt buckets from the first"
                + " attempt. Unset lets the operator switch salting on when it detects skew.")
        Integer saltBuckets) {}
