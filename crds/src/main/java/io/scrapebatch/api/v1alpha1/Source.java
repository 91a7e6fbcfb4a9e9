package io.scrapebatch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The raw input of a batch. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.uri.matches('" + StorageUris.SUPPORTED_CEL + "')",
    message = "source.uri " + StorageUris.SUPPORTED_MESSAGE,
    fieldPath = ".uri",
    reason = "FieldValueInvalid")
public record Source(
    @Required
        @Size(max = 2048)
        @Pattern(StorageUris.SHAPE)
        @JsonPropertyDescription(
            "A JSONL file, a folder of them (searched recursively), or a glob (e.g."
                + " s3a://raw/2026-05-19/*.jsonl.gz), as an absolute path or a file:, s3: or s3a:"
                + " URI. Files ending in .gz are decompressed.")
        String uri) {}
