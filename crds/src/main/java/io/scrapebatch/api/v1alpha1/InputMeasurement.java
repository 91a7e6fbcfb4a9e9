package io.scrapebatch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The size of a batch's input, as measured before sizing the first attempt. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InputMeasurement(
    @JsonPropertyDescription("Total bytes of the input files as stored (compressed if .gz).")
        Long bytes,
    @JsonPropertyDescription("Number of input files.") Long files,
    @JsonPropertyDescription("Whether any input file is gzip-compressed.") Boolean compressed,
    @JsonPropertyDescription("When the input was measured (RFC 3339).") String measuredAt) {}
