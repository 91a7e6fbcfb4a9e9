package io.scrapebatch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** One run of the job with one sizing. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AttemptStatus(
    @JsonPropertyDescription("The attempt's number, from 1.") Integer number,
    @JsonPropertyDescription("Pending, Running, Succeeded or Failed.") AttemptState state,
    @JsonPropertyDescription("The Spark sizing this attempt ran with.") AttemptSizing sizing,
    @JsonPropertyDescription(
            "What this attempt changed from the previous one and why (empty for the first).")
        String adjustment,
    @JsonPropertyDescription("When the driver pod was created (RFC 3339).") String startedAt,
    @JsonPropertyDescription("When the attempt ended (RFC 3339).") String finishedAt,
    @JsonPropertyDescription("The driver (or local-mode) pod's name.") String driverPod,
    @JsonPropertyDescription("Executor pods seen for this attempt (the first 20 by name).")
        List<String> executorPods,
    @JsonPropertyDescription("How many executor pods this attempt had.") Integer executorsSeen,
    @JsonPropertyDescription("Why the attempt failed, with evidence.") FailureStatus failure,
    @JsonPropertyDescription("The most skewed stage, from the job's report.") StageSkew skew,
    @JsonPropertyDescription(
            "Memory-time requested by the attempt's pods, in GiB-seconds (memory limit x run time).")
        Double gibSeconds,
    @JsonPropertyDescription(
            "The batch's metadata.generation whose spec this attempt ran with. A spec edit while a"
                + " run is under way does not reach it: the run's attempts keep the generation the"
                + " run started with, and an edit applies through spec.rerun.")
        Long generation) {}
