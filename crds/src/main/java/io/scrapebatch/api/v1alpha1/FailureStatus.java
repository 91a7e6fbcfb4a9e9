package io.scrapebatch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** The classified failure of an attempt and what it was read from. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FailureStatus(
    @JsonPropertyDescription(
            "The failure class: ExecutorOOM, DriverOOM, ShuffleFetchFailed, DataSkew,"
                + " SerializationError, ContractViolation, BadConfiguration, CorruptInput,"
                + " WriteConflict, ConservationViolated, Infrastructure or Unknown.")
        FailureClass type,
    @JsonPropertyDescription("Whether the operator retries this class.") Boolean retryable,
    @JsonPropertyDescription("One line on what went wrong.") String message,
    @JsonPropertyDescription(
            "The observations the class was read from: exit codes, container reasons, exception"
                + " lines.")
        List<String> evidence,
    @JsonPropertyDescription("The failed container's exit code, when it exited.") Integer exitCode,
    @JsonPropertyDescription("The pod the evidence came from.") String pod) {}
