package io.scrapebatch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** The raw input of a batch. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Source(
    @Required
        @Size(max = 2048)
        @Pattern(Patterns.STORAGE_URI)
        @JsonPropertyDescription(
            "A JSONL file, a folder of them, or a glob (e.g. s3a://raw/2026-05-19/*.jsonl.gz),"
                + " as an absolute path or a file:, s3:, s3a:, gs:, abfs(s):, wasb(s): or hdfs: URI."
                + " Files ending in .gz are decompressed.")
        String uri) {}
