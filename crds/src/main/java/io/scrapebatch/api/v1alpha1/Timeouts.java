package io.scrapebatch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** Time limits of one attempt; exceeding one fails the attempt as Infrastructure. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Timeouts(
    @Size(max = 32)
        @Pattern(Patterns.DURATION)
        @Default(Defaults.PENDING_TIMEOUT)
        @JsonPropertyDescription(
            "How long the driver pod, or every executor pod of a running attempt, may stay"
                + " Pending (unschedulable, image pull) before the attempt fails as"
                + " Infrastructure.")
        String pending,
    @Size(max = 32)
        @Pattern(Patterns.DURATION)
        @Default(Defaults.ATTEMPT_TIMEOUT)
        @JsonPropertyDescription("How long one attempt may run, from driver start to its end.")
        String attempt) {

  /** Nothing set: every accessor below returns its default. */
  public static final Timeouts UNSET = new Timeouts(null, null);

  public String pendingOrDefault() {
    return pending != null ? pending : Defaults.PENDING_TIMEOUT;
  }

  public String attemptOrDefault() {
    return attempt != null ? attempt : Defaults.ATTEMPT_TIMEOUT;
  }
}
