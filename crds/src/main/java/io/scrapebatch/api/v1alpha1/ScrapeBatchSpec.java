package io.scrapebatch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** What to process, how to judge it, where to write it and how much the job may use. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.dedup.keys.all(k, self.contract.fields.exists(f, f.name == k))",
    message = "every dedup key must name a field of spec.contract.fields",
    fieldPath = ".dedup.keys",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.dedup.orderBy) || self.contract.fields.exists(f, f.name == self.dedup.orderBy)",
    message = "dedup.orderBy must name a field of spec.contract.fields",
    fieldPath = ".dedup.orderBy",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.target.partitionBy) || self.contract.fields.exists(f, f.name =="
            + " self.target.partitionBy.field)",
    message = "target.partitionBy.field must name a field of spec.contract.fields",
    fieldPath = ".target.partitionBy.field",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.target.partitionBy) || self.target.partitionBy.transform == 'identity' ||"
            + " self.contract.fields.exists(f, f.name == self.target.partitionBy.field && f.type =="
            + " 'timestamp')",
    message = "target.partitionBy.transform date and hour need a timestamp field",
    fieldPath = ".target.partitionBy.transform",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.target.partitionBy) || (self.target.partitionBy.transform == 'identity' &&"
            + " self.target.partitionBy.column == self.target.partitionBy.field) ||"
            + " !self.contract.fields.exists(f, f.name.lowerAscii() =="
            + " self.target.partitionBy.column.lowerAscii())",
    message =
        "target.partitionBy.column must not be a contract field's name (ignoring case), unless"
            + " it is the field itself partitioned by identity",
    fieldPath = ".target.partitionBy.column",
    reason = "FieldValueInvalid")
// Reading its own output (or writing into its input) makes a batch count its rows again.
@ValidationRule(
    value =
        "!"
            + StorageUris.CEL_TABLE_FOLDER
            + ".startsWith("
            + StorageUris.CEL_SOURCE_FOLDER
            + ") && !"
            + StorageUris.CEL_SOURCE_FOLDER
            + ".startsWith("
            + StorageUris.CEL_TABLE_FOLDER
            + ")",
    message = "target.table must not be the source, inside it or contain it",
    fieldPath = ".target.table",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!"
            + StorageUris.CEL_QUARANTINE_FOLDER
            + ".startsWith("
            + StorageUris.CEL_SOURCE_FOLDER
            + ") && !"
            + StorageUris.CEL_SOURCE_FOLDER
            + ".startsWith("
            + StorageUris.CEL_QUARANTINE_FOLDER
            + ")",
    message = "target.quarantine must not be the source, inside it or contain it",
    fieldPath = ".target.quarantine",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!"
            + StorageUris.CEL_QUARANTINE_FOLDER
            + ".startsWith("
            + StorageUris.CEL_TABLE_FOLDER
            + ") && !"
            + StorageUris.CEL_TABLE_FOLDER
            + ".startsWith("
            + StorageUris.CEL_QUARANTINE_FOLDER
            + ")",
    message = "quarantine must be a different table than table, and neither inside the other",
    fieldPath = ".target.quarantine",
    reason = "FieldValueInvalid")
@ValidationRule(
    value = "!has(self.sparkConf) || self.sparkConf.all(k, k.startsWith('spark.'))",
    message = "sparkConf keys must start with 'spark.'",
    fieldPath = ".sparkConf",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.sparkConf) || self.sparkConf.all(k, !(k in " + ManagedSparkConf.CEL_LIST + "))",
    message = "sparkConf must not set keys the operator manages: " + ManagedSparkConf.MESSAGE_LIST,
    fieldPath = ".sparkConf",
    reason = "FieldValueForbidden")
public record ScrapeBatchSpec(
    @Required @JsonPropertyDescription("Where the raw JSONL scrape output is.") Source source,
    @Required
        @JsonPropertyDescription(
            "The schema contract every row is validated against; invalid rows are quarantined.")
        SchemaContract contract,
    @Required
        @JsonPropertyDescription("How duplicate records are recognised and which one is kept.")
        Dedup dedup,
    @Required @JsonPropertyDescription("The Delta tables the job writes: result and quarantine.")
        Target target,
    @JsonPropertyDescription(
            "How to reach object storage (endpoint, region, path-style addressing, a credentials"
                + " Secret) when the source or the tables are s3: or s3a: URIs. Unset fields take"
                + " the operator's settings.")
        Storage storage,
    @Default("{}")
        @JsonPropertyDescription(
            "Execution mode and the caps the operator's sizing and retries must stay within.")
        Resources resources,
    @Default("{}") @JsonPropertyDescription("How failed attempts are retried.") RetrySpec retry,
    @Default("{}") @JsonPropertyDescription("Time limits after which an attempt is failed.")
        Timeouts timeouts,
    @Min(0)
        @JsonPropertyDescription(
            "Seconds after the batch finishes (Succeeded or Failed) before the operator deletes"
                + " the ScrapeBatch. Unset keeps it forever.")
        Long ttlSecondsAfterFinished,
    @Size(max = 64)
        @JsonPropertyDescription(
            "Extra Spark properties for the job. Keys the operator sizes or manages (memory,"
                + " cores, instances, shuffle partitions, Kubernetes wiring) are rejected.")
        Map<String, @Size(max = 1024) String> sparkConf,
    @Size(max = 512)
        @JsonPropertyDescription(
            "Container image for the driver and executors. Defaults to the operator's job image.")
        String image,
    @JsonPropertyDescription(
            "Run this Spark job instead of the built-in one (it receives the same arguments).")
        JobOverride job,
    @Size(max = 63)
        @JsonPropertyDescription(
            "Set or change this value to run an already finished batch again. Nothing else re-runs"
                + " a Succeeded or Failed batch.")
        String rerun) {}
