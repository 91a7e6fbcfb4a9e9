package io.scrapebatch.operator.policy;

import io.scrapebatch.api.v1alpha1.Phase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * What one step of the lifecycle decided: the next state, the API actions that make it true, the
 * events users must see and when to look again. Steps are folded with {@link #then}; nothing is
 * mutated.
 */
record Transition(
    BatchState state,
    List<Plan.Action> actions,
    List<Plan.Note> notes,
    Optional<Duration> requeue) {

  Transition {
    actions = List.copyOf(actions);
    notes = List.copyOf(notes);
  }

  /** Nothing decided yet: stay in {@code state}. */
  static Transition stay(BatchState state) {
    return new Transition(state, List.of(), List.of(), Optional.empty());
  }

  /** The next step, from the state this one reached; actions and events accumulate. */
  Transition then(Function<BatchState, Transition> step) {
    Transition next = step.apply(state);
    return new Transition(
        next.state,
        concat(actions, next.actions),
        concat(notes, next.notes),
        earliest(requeue, next.requeue));
  }

  /** {@link #then}, unless the batch has finished. */
  Transition whileActive(Function<BatchState, Transition> step) {
    return state.finished() ? this : then(step);
  }

  Transition edit(UnaryOperator<BatchState> change) {
    return new Transition(change.apply(state), actions, notes, requeue);
  }

  /** Moves to {@code phase}; every change of phase is also an Event. */
  Transition moveTo(Phase phase, String message) {
    var moved = edit(s -> s.withPhase(phase, message));
    if (state.phase() == phase) {
      return moved;
    }
    boolean warning = phase == Phase.Failed || phase == Phase.Retrying;
    return moved.note(new Plan.Note(warning, phase.name(), message));
  }

  /** Ends the batch in {@code phase} at {@code now}. */
  Transition finish(Phase phase, String message, java.time.Instant now) {
    return edit(s -> s.withFinishedAt(now)).moveTo(phase, message);
  }

  Transition act(Plan.Action action) {
    return new Transition(state, concat(actions, List.of(action)), notes, requeue);
  }

  Transition note(Plan.Note note) {
    return new Transition(state, actions, concat(notes, List.of(note)), requeue);
  }

  /** Look again after {@code after} (never negative) unless something earlier is due. */
  Transition requeueAfter(Duration after) {
    Duration positive = after.isNegative() ? Duration.ZERO : after;
    return new Transition(state, actions, notes, earliest(requeue, Optional.of(positive)));
  }

  Plan toPlan(java.time.Instant now) {
    return new Plan(StatusCodec.status(state, now), actions, notes, requeue);
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    if (b.isEmpty()) {
      return a;
    }
    var all = new ArrayList<T>(a);
    all.addAll(b);
    return all;
  }

  private static Optional<Duration> earliest(Optional<Duration> a, Optional<Duration> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return a.get().compareTo(b.get()) <= 0 ? a : b;
  }
}
