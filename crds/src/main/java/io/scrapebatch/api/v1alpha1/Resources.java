package io.scrapebatch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Locale;

/**
 * Caps for the operator's sizing. The operator chooses the actual sizing per attempt and records it
 * in status.attempts[]; it never writes the spec.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.maxExecutorMemory) ||"
            + " quantity(self.maxExecutorMemory).compareTo(quantity('512Mi')) >= 0",
    message = "maxExecutorMemory must be at least 512Mi (Spark's minimum heap)",
    fieldPath = ".maxExecutorMemory",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.maxDriverMemory) ||"
            + " quantity(self.maxDriverMemory).compareTo(quantity('512Mi')) >= 0",
    message = "maxDriverMemory must be at least 512Mi (Spark's minimum heap)",
    fieldPath = ".maxDriverMemory",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.executorMemory) || !has(self.maxExecutorMemory) ||"
            + " quantity(self.executorMemory).compareTo(quantity(self.maxExecutorMemory)) <= 0",
    message = "executorMemory must not exceed maxExecutorMemory",
    fieldPath = ".executorMemory",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.driverMemory) || !has(self.maxDriverMemory) ||"
            + " quantity(self.driverMemory).compareTo(quantity(self.maxDriverMemory)) <= 0",
    message = "driverMemory must not exceed maxDriverMemory",
    fieldPath = ".driverMemory",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "!has(self.minExecutors) || !has(self.maxExecutors) || self.minExecutors <= self.maxExecutors",
    message = "minExecutors must not exceed maxExecutors",
    fieldPath = ".minExecutors",
    reason = "FieldValueInvalid")
public record Resources(
    @Default(Defaults.MODE)
        @JsonPropertyDescription(
            "auto: one pod in Spark local mode for inputs below the operator's threshold, a driver"
                + " with executor pods above it; local or cluster force the mode.")
        ExecutionMode mode,
    @Min(1)
        @Max(1000)
        @Default(Defaults.MIN_EXECUTORS)
        @JsonPropertyDescription("The fewest executors a cluster-mode attempt starts.")
        Integer minExecutors,
    @Min(1)
        @Max(1000)
        @Default(Defaults.MAX_EXECUTORS)
        @JsonPropertyDescription("The most executors any attempt may start.")
        Integer maxExecutors,
    @Min(1)
        @Max(64)
        @Default(Defaults.EXECUTOR_CORES)
        @JsonPropertyDescription(
            "Cores per executor (and for a local-mode pod). A retry after an executor OOM at the"
                + " memory cap may lower it to give each task more memory.")
        Integer executorCores,
    @Size(max = 32)
        @Pattern(Patterns.MEMORY_QUANTITY)
        @Default(Defaults.MAX_EXECUTOR_MEMORY)
        @JsonPropertyDescription(
            "The largest executor heap any attempt may use (Kubernetes quantity, e.g. 8Gi).")
        String maxExecutorMemory,
    @Size(max = 32)
        @Pattern(Patterns.MEMORY_QUANTITY)
        @Default(Defaults.MAX_DRIVER_MEMORY)
        @JsonPropertyDescription(
            "The largest driver heap any attempt may use (Kubernetes quantity, e.g. 4Gi).")
        String maxDriverMemory,
    @Size(max = 32)
        @Pattern(Patterns.MEMORY_QUANTITY)
        @JsonPropertyDescription(
            "The first attempt's executor heap, overriding the sizing rule. Retries may raise it up"
                + " to maxExecutorMemory.")
        String executorMemory,
    @Size(max = 32)
        @Pattern(Patterns.MEMORY_QUANTITY)
        @JsonPropertyDescription(
            "The first attempt's driver heap, overriding the sizing rule. Retries may raise it up"
                + " to maxDriverMemory.")
        String driverMemory) {

  /** No caps set: every accessor below returns its default (a batch stored before they existed). */
  public static final Resources UNSET =
      new Resources(null, null, null, null, null, null, null, null);

  public ExecutionMode modeOrDefault() {
    return mode != null ? mode : ExecutionMode.valueOf(Defaults.MODE.toUpperCase(Locale.ROOT));
  }

  public int minExecutorsOrDefault() {
    return minExecutors != null ? minExecutors : Integer.parseInt(Defaults.MIN_EXECUTORS);
  }

  public int maxExecutorsOrDefault() {
    return maxExecutors != null ? maxExecutors : Integer.parseInt(Defaults.MAX_EXECUTORS);
  }

  public int executorCoresOrDefault() {
    return executorCores != null ? executorCores : Integer.parseInt(Defaults.EXECUTOR_CORES);
  }

  public String maxExecutorMemoryOrDefault() {
    return maxExecutorMemory != null ? maxExecutorMemory : Defaults.MAX_EXECUTOR_MEMORY;
  }

  public String maxDriverMemoryOrDefault() {
    return maxDriverMemory != null ? maxDriverMemory : Defaults.MAX_DRIVER_MEMORY;
  }
}
