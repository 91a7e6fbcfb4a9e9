package io.scrapebatch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A batch's own Spark job instead of the built-in one. It gets the same arguments; when it follows
 * the job contract (exit codes, termination report) its failures are classified as precisely as the
 * built-in job's, otherwise from Spark's own messages in its log.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobOverride(
    @Required
        @Size(max = 255)
        @Pattern("^[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*$")
        @JsonPropertyDescription("The job's main class.")
        String mainClass,
    @Size(max = 2048)
        @Pattern("^(local|file|s3a|s3|gs|abfss?|hdfs|https?)://\\S+$")
        @JsonPropertyDescription(
            "The jar holding the main class: local:///path in the image, or a URI Spark can"
                + " download. Unset: the class is on the image's classpath.")
        String jar) {}
