package io.scrapebatch.operator.policy;

import io.scrapebatch.api.v1alpha1.FailureClass;
import java.util.Map;
import java.util.TreeMap;

/**
 * The attempts of a run that the status no longer lists ({@link StatusLimits#ATTEMPTS}), summed up:
 * how many, how they failed, the memory-time they held.
 */
public record AttemptsDropped(int count, Map<FailureClass, Integer> failures, double gibSeconds) {
  public static final AttemptsDropped NONE = new AttemptsDropped(0, Map.of(), 0);

  public AttemptsDropped {
    failures = Map.copyOf(failures);
  }

  AttemptsDropped plus(Attempt attempt) {
    var byClass = new TreeMap<>(failures);
    attempt.failure().ifPresent(f -> byClass.merge(f.type(), 1, Integer::sum));
    return new AttemptsDropped(
        count + 1,
        byClass,
        Math.round((gibSeconds + attempt.gibSeconds().orElse(0.0)) * 10) / 10.0);
  }
}
