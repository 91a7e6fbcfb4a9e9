package io.scrapebatch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/** The resources and Spark settings one attempt ran with. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AttemptSizing(
    @JsonPropertyDescription("local (one pod) or cluster (driver plus executors).")
        ExecutionMode mode,
    @JsonPropertyDescription("Executor pods (0 in local mode).") Integer executors,
    @JsonPropertyDescription("Cores per executor, or of the local-mode pod.") Integer executorCores,
    @JsonPropertyDescription("Executor heap (Kubernetes quantity).") String executorMemory,
    @JsonPropertyDescription("Executor off-heap overhead (Kubernetes quantity).")
        String executorMemoryOverhead,
    @JsonPropertyDescription("Driver heap (Kubernetes quantity).") String driverMemory,
    @JsonPropertyDescription("Driver off-heap overhead (Kubernetes quantity).")
        String driverMemoryOverhead,
    @JsonPropertyDescription("spark.sql.shuffle.partitions.") Integer shufflePartitions,
    @JsonPropertyDescription("Salt buckets of the two-phase dedup; unset when not salted.")
        Integer saltBuckets,
    @JsonPropertyDescription(
            "Further Spark properties the operator set for this attempt (shuffle retries, skew"
                + " handling).")
        Map<String, String> sparkConf) {}
