package io.scrapebatch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Where valid and invalid rows go. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.table.matches('" + StorageUris.SUPPORTED_CEL + "')",
    message = "target.table " + StorageUris.SUPPORTED_MESSAGE,
    fieldPath = ".table",
    reason = "FieldValueInvalid")
@ValidationRule(
    value = "self.quarantine.matches('" + StorageUris.SUPPORTED_CEL + "')",
    message = "target.quarantine " + StorageUris.SUPPORTED_MESSAGE,
    fieldPath = ".quarantine",
    reason = "FieldValueInvalid")
public record Target(
    @Required
        @Size(max = 2048)
        @Pattern(StorageUris.SHAPE)
        @JsonPropertyDescription(
            "The Delta table valid, deduplicated records are merged into (insert-only: a record"
                + " whose key is already present is not written again). Created if absent.")
        String table,
    @Required
        @Size(max = 2048)
        @Pattern(StorageUris.SHAPE)
        @JsonPropertyDescription(
            "The Delta table invalid rows are appended to, with the raw line and every violated"
                + " rule as a reason code.")
        String quarantine,
    @JsonPropertyDescription("How the target table is partitioned. Unset: not partitioned.")
        Partitioning partitionBy) {}
