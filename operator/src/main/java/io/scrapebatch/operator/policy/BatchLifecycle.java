package io.scrapebatch.operator.policy;

import io.scrapebatch.api.v1alpha1.AttemptState;
import io.scrapebatch.api.v1alpha1.AttemptStatus;
import io.scrapebatch.api.v1alpha1.FailureClass;
import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.api.v1alpha1.Timeouts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The only place a batch's phase changes. From a {@link BatchSnapshot} it computes the next status
 * and the actions that make it true: measure, size and launch the first attempt, follow the driver,
 * classify a failure and retry with an adjusted sizing or stop, honour a re-run request and the
 * TTL. Level-triggered: the same snapshot always yields the same plan.
 */
public final class BatchLifecycle {
  private final SizingCalculator sizing;
  private final AttemptObserver observer;

  public BatchLifecycle(SizingRules rules, double skewRatioThreshold) {
    this.sizing = new SizingCalculator(rules);
    this.observer =
        new AttemptObserver(new FailureClassifier(skewRatioThreshold), new RetryPolicy(rules));
  }

  /** Whether the reconciler must measure the input before planning. */
  public static boolean needsInput(BatchSnapshot s) {
    var status = s.status();
    boolean terminal = status != null && status.phase() != null && status.phase().isTerminal();
    return status == null || status.input() == null && !terminal || terminal && rerunRequested(s);
  }

  public Plan plan(BatchSnapshot s) {
    var d = StatusDraft.of(s.status(), s.generation());
    var out = new PlanBuilder(d, s.now());
    if (d.phase.isTerminal()) {
      if (!rerunRequested(s)) {
        return whileFinished(s, d, out);
      }
      d.startNewRun(s.spec().rerun());
      out.note(
          Plan.Note.normal(
              "Rerun",
              "spec.rerun is now '%s': running the batch again".formatted(s.spec().rerun())));
    }
    planAttempts(s, d, out);
    if (d.phase.isTerminal()) {
      // Progress is live data; a finished batch keeps its counts in status.result instead.
      d.progress = null;
      scheduleTtl(s, d, out);
    }
    return out.build();
  }

  private void planAttempts(BatchSnapshot s, StatusDraft d, PlanBuilder out) {
    if (d.input == null) {
      var probe = s.probe().orElseThrow(() -> new IllegalStateException("input not measured"));
      if (probe instanceof ProbeResult.Unavailable missing) {
        out.finish(
            Phase.Failed,
            "%s: nothing to process at %s: %s"
                .formatted(FailureClass.BadConfiguration, s.spec().source().uri(), missing.why()));
        return;
      }
      var size = ((ProbeResult.Measured) probe).size();
      d.input = size.toStatus(s.now());
    }
    var current = d.current();
    if (current.isEmpty()) {
      int salt = Optional.ofNullable(s.spec().dedup().saltBuckets()).orElse(0);
      var first =
          sizing.initial(
              InputSize.fromStatus(d.input), SizingCaps.from(s.spec().resources()), salt);
      d.addAttempt(newAttempt(d.lastAttemptNumber() + 1, first, null));
      current = d.current();
    }
    // Following a new attempt launches it, or adopts its driver when one already exists (an
    // operator that crashed before recording the launch).
    observer.follow(current.get(), s, d, out, deadlines(s));
    return;
  }

  private Plan whileFinished(BatchSnapshot s, StatusDraft d, PlanBuilder out) {
    scheduleTtl(s, d, out);
    return out.build();
  }

  /** Deletes a finished batch once its TTL has passed, else looks again when it will have. */
  private static void scheduleTtl(BatchSnapshot s, StatusDraft d, PlanBuilder out) {
    Long ttl = s.spec().ttlSecondsAfterFinished();
    if (ttl != null && d.finishedAt != null) {
      Instant expiry = Instant.parse(d.finishedAt).plusSeconds(ttl);
      if (!s.now().isBefore(expiry)) {
        out.act(new Plan.Action.DeleteBatch("ttlSecondsAfterFinished (%ds) passed".formatted(ttl)));
      } else {
        out.requeue(Duration.between(s.now(), expiry));
      }
    }
  }

  static boolean rerunRequested(BatchSnapshot s) {
    String wanted = s.spec().rerun();
    return wanted != null
        && s.status() != null
        && !Objects.equals(wanted, s.status().observedRerun());
  }

  static AttemptStatus newAttempt(int number, SparkSizing sizing, String adjustment) {
    return new AttemptStatus(
        number,
        AttemptState.Pending,
        sizing.toStatus(),
        adjustment,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private static Deadlines deadlines(BatchSnapshot s) {
    Timeouts t = s.spec().timeouts();
    return new Deadlines(
        GoDuration.parse(t != null && t.pending() != null ? t.pending() : "10m"),
        GoDuration.parse(t != null && t.attempt() != null ? t.attempt() : "2h"));
  }

  record Deadlines(Duration pending, Duration attempt) {}

  /** Collects the plan while the lifecycle edits the draft. */
  static final class PlanBuilder {
    private final StatusDraft draft;
    private final Instant now;
    private final List<Plan.Action> actions = new ArrayList<>();
    private final List<Plan.Note> notes = new ArrayList<>();
    private Duration requeue;

    PlanBuilder(StatusDraft draft, Instant now) {
      this.draft = draft;
      this.now = now;
    }

    StatusDraft draft() {
      return draft;
    }

    Instant now() {
      return now;
    }

    void act(Plan.Action action) {
      actions.add(action);
    }

    void note(Plan.Note note) {
      notes.add(note);
    }

    void requeue(Duration after) {
      Duration positive = after.isNegative() ? Duration.ZERO : after;
      requeue = requeue == null || positive.compareTo(requeue) < 0 ? positive : requeue;
    }

    /** Moves to {@code phase}; every change of phase is also an Event. */
    void phase(Phase phase, String message) {
      if (draft.phase != phase) {
        boolean warning = phase == Phase.Failed || phase == Phase.Retrying;
        notes.add(new Plan.Note(warning, phase.name(), message));
      }
      draft.phase = phase;
      draft.message = message;
    }

    void launch(AttemptStatus attempt, BatchSnapshot s, SparkSizing sizing) {
      var names = new ResourceNames(s.name(), s.uid(), attempt.number());
      // Relaunching after an informer lag or a restart keeps the first launch time.
      String startedAt = attempt.startedAt() != null ? attempt.startedAt() : now.toString();
      var launched =
          new AttemptStatus(
              attempt.number(),
              AttemptState.Pending,
              attempt.sizing(),
              attempt.adjustment(),
              startedAt,
              null,
              names.driverPod(),
              null,
              null,
              null,
              null);
      if (draft.current().filter(a -> a.number().equals(attempt.number())).isPresent()) {
        draft.replaceCurrent(launched);
      } else {
        draft.addAttempt(launched);
      }
      draft.nextAttemptAt = null;
      draft.progress = null;
      act(
          new Plan.Action.LaunchAttempt(
              attempt.number(),
              sizing)); // The first launch of a run also says what was measured (one event, not
      // two).
      String input =
          draft.attempts.size() == 1 && draft.input != null
              ? "; input " + InputSize.fromStatus(draft.input).describe()
              : "";
      phase(
          Phase.Launching,
          "attempt %d: %s%s".formatted(attempt.number(), sizing.describe(), input));
    }

    void finish(Phase phase, String message) {
      draft.finishedAt = now.toString();
      draft.nextAttemptAt = null;
      phase(phase, message);
    }

    Plan build() {
      return new Plan(draft.build(now), actions, notes, Optional.ofNullable(requeue));
    }
  }
}
