package io.scrapebatch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/** What the attempts left out of {@code status.attempts} were: the status stays bounded. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DroppedAttempts(
    @JsonPropertyDescription("How many attempts of this run are no longer listed.") Integer count,
    @JsonPropertyDescription("How they failed: failure class → attempts.")
        Map<String, Integer> failures,
    @JsonPropertyDescription("The memory-time their pods held, in GiB-seconds, summed.")
        Double gibSeconds) {}
