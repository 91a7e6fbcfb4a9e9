package io.scrapebatch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Task-time spread of one Spark stage; a high ratio means a few keys hold most of the data. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageSkew(
    @JsonPropertyDescription("Spark stage id.") Integer stageId,
    @JsonPropertyDescription("Spark stage name.") String stage,
    @JsonPropertyDescription("The longest task's run time in ms.") Long maxTaskMillis,
    @JsonPropertyDescription("The median task run time in ms.") Long medianTaskMillis,
    @JsonPropertyDescription("maxTaskMillis / medianTaskMillis.") Double ratio) {}
