package io.scrapebatch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** How failed attempts are retried; what each retry changes depends on the failure class. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.backoff) || !has(self.maxBackoff) || duration(self.backoff) <="
            + " duration(self.maxBackoff)",
    message = "backoff must not exceed maxBackoff",
    fieldPath = ".backoff",
    reason = "FieldValueInvalid")
public record RetrySpec(
    @Min(1)
        @Max(20)
        @Default(Defaults.MAX_ATTEMPTS)
        @JsonPropertyDescription(
            "Attempts in all, the first included. Failures a retry cannot fix (contract violation,"
                + " serialization error, bad configuration) end the batch at once.")
        Integer maxAttempts,
    @Size(max = 32)
        @Pattern(Patterns.DURATION)
        @Default(Defaults.BACKOFF)
        @JsonPropertyDescription("Wait before the first retry; doubles per retry (e.g. 30s, 2m).")
        String backoff,
    @Size(max = 32)
        @Pattern(Patterns.DURATION)
        @Default(Defaults.MAX_BACKOFF)
        @JsonPropertyDescription("The longest wait between attempts.")
        String maxBackoff,
    @Min(1.1)
        @Max(4)
        @Default(Defaults.MEMORY_GROWTH_FACTOR)
        @JsonPropertyDescription(
            "Factor applied to the memory of the component that ran out of memory on a retry.")
        Double memoryGrowthFactor) {

  /** Nothing set: every accessor below returns its default. */
  public static final RetrySpec UNSET = new RetrySpec(null, null, null, null);

  public int maxAttemptsOrDefault() {
    return maxAttempts != null ? maxAttempts : Integer.parseInt(Defaults.MAX_ATTEMPTS);
  }

  public String backoffOrDefault() {
    return backoff != null ? backoff : Defaults.BACKOFF;
  }

  public String maxBackoffOrDefault() {
    return maxBackoff != null ? maxBackoff : Defaults.MAX_BACKOFF;
  }

  public double memoryGrowthFactorOrDefault() {
    return memoryGrowthFactor != null
        ? memoryGrowthFactor
        : Double.parseDouble(Defaults.MEMORY_GROWTH_FACTOR);
  }
}
