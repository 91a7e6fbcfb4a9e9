package io.scrapebatch.operator.policy;

import io.scrapebatch.api.v1alpha1.Condition;
import io.scrapebatch.api.v1alpha1.Phase;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * kstatus conditions from a phase: {@code Ready} (True once Succeeded), {@code Reconciling} (True
 * while work is in progress) and {@code Stalled} (True once Failed), so that kstatus-aware tools
 * (kubectl wait, Flux, Argo CD) read a batch without knowing its phases; and {@code Queued} (True
 * while it waits for another batch's table), whose message names the other batch.
 */
final class Conditions {
  static final String READY = "Ready";
  static final String RECONCILING = "Reconciling";
  static final String STALLED = "Stalled";
  static final String QUEUED = "Queued";

  static List<Condition> forPhase(
      Phase phase, String message, long generation, List<Condition> previous, Instant now) {
    return List.of(
        condition(READY, phase == Phase.Succeeded, phase, message, generation, previous, now),
        condition(RECONCILING, !phase.isTerminal(), phase, message, generation, previous, now),
        condition(STALLED, phase == Phase.Failed, phase, message, generation, previous, now),
        condition(QUEUED, phase == Phase.Queued, phase, message, generation, previous, now));
  }

  private static Condition condition(
      String type,
      boolean isTrue,
      Phase phase,
      String message,
      long generation,
      List<Condition> previous,
      Instant now) {
    String status = isTrue ? "True" : "False";
    // lastTransitionTime changes only when status does, as the API conventions require.
    String since =
        previous.stream()
            .filter(c -> type.equals(c.type()) && status.equals(c.status()))
            .map(Condition::lastTransitionTime)
            .filter(Objects::nonNull)
            .findFirst()
            .orElse(now.toString());
    return new Condition(type, status, phase.name(), message, generation, since);
  }

  private Conditions() {}
}
