package io.scrapebatch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A kstatus-style condition (Ready, Reconciling, Stalled). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Condition(
    @JsonPropertyDescription("Ready, Reconciling or Stalled.") String type,
    @JsonPropertyDescription("True, False or Unknown.") String status,
    @JsonPropertyDescription("A CamelCase reason for the condition's last transition.")
        String reason,
    @JsonPropertyDescription("A human-readable message about the transition.") String message,
    @JsonPropertyDescription("The metadata.generation the condition was set for.")
        Long observedGeneration,
    @JsonPropertyDescription("When status last changed (RFC 3339).") String lastTransitionTime) {}
