package io.scrapebatch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Everything the operator decided and observed; never written by users or GitOps tools. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScrapeBatchStatus(
    @JsonPropertyDescription(
            "Where the batch is: Pending, Queued, Launching, Running, Retrying, Succeeded or"
                + " Failed.")
        Phase phase,
    @JsonPropertyDescription(
            "The metadata.generation of the spec this status reflects. Lower than"
                + " metadata.generation while the operator has not yet acted on a spec change.")
        Long observedGeneration,
    @JsonPropertyDescription(
            "kstatus conditions: Ready (True once Succeeded), Reconciling (True while work is in"
                + " progress), Stalled (True once Failed); and Queued (True while another batch"
                + " writes the same table; its message names that batch).")
        List<Condition> conditions,
    @JsonPropertyDescription("The number of the current (or last) attempt, from 1.")
        Integer attempt,
    @JsonPropertyDescription("The measured input the first attempt was sized from.")
        InputMeasurement input,
    @JsonPropertyDescription(
            "The attempts of the current run: their sizing, what changed from the previous one and"
                + " why, their pods, outcome, failure evidence and resource use. At most 10 are"
                + " listed (the first and the latest); attemptsDropped sums up the others.")
        List<AttemptStatus> attempts,
    @JsonPropertyDescription("The attempts of the current run no longer listed in attempts.")
        DroppedAttempts attemptsDropped,
    @JsonPropertyDescription("The job's counts once it has finished.") BatchResult result,
    @JsonPropertyDescription("Live progress reported by the running driver.") Progress progress,
    @JsonPropertyDescription("A human-readable summary of the current state.") String message,
    @JsonPropertyDescription(
            "When the next attempt starts (RFC 3339), while Retrying; or when the input is"
                + " measured again after its storage could not be reached.")
        String nextAttemptAt,
    @JsonPropertyDescription("When the batch finished (RFC 3339); the TTL counts from here.")
        String finishedAt,
    @JsonPropertyDescription("The spec.rerun value the current run was started for.")
        String observedRerun,
    @JsonPropertyDescription(
            "Consecutive times the input's storage could not be reached; retried with the"
                + " batch's backoff until retry.maxAttempts.")
        Integer inputProbeFailures) {}
