package io.scrapebatch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Live progress of the running attempt, as the driver last reported it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Progress(
    @JsonPropertyDescription("The job step running (read, validate, quarantine, dedup, merge).")
        String step,
    @JsonPropertyDescription("Finished tasks of the running Spark stages.") Long tasksDone,
    @JsonPropertyDescription("All tasks of the running Spark stages.") Long tasksTotal,
    @JsonPropertyDescription("Input records read so far.") Long recordsRead,
    @JsonPropertyDescription("When the driver reported this (RFC 3339).") String updatedAt) {}
