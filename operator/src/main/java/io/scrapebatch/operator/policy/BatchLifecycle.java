package io.scrapebatch.operator.policy;

import io.scrapebatch.api.v1alpha1.FailureClass;
import io.scrapebatch.api.v1alpha1.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The only place a batch's phase changes. {@link #plan} folds one pure transition per stage of a
 * batch's life over its state: start a new run when {@code spec.rerun} asks, refuse a contract the
 * job could not compile ({@link ContractCheck}), measure the input, size the first attempt, follow
 * the current attempt's driver ({@link AttemptObserver}: launch, wait, observe, classify and retry
 * or stop), and keep a finished batch until its TTL. Each returns the next state with its actions,
 * events and requeue; time is the snapshot's. Level-triggered: the same snapshot always yields the
 * same plan.
 */
public final class BatchLifecycle {
  private final SizingCalculator sizing;
  private final AttemptObserver observer;
  private final InputProbe probe;
  private final StorageSettings storage;

  /**
   * @param storage the operator's object-storage settings, under each batch's {@code spec.storage}
   */
  public BatchLifecycle(
      SizingRules rules, double skewRatioThreshold, StorageSettings storage, InputProbe probe) {
    this.sizing = new SizingCalculator(rules);
    this.observer =
        new AttemptObserver(new FailureClassifier(skewRatioThreshold), new RetryPolicy(rules));
    this.storage = storage;
    this.probe = probe;
  }

  public Plan plan(BatchSnapshot s) {
    return Transition.stay(StatusCodec.state(s.status(), s.generation()))
        .then(state -> rerun(state, s))
        .whileActive(state -> unlaunchedRunOfAnOlderSpec(state, s))
        .whileActive(state -> ContractCheck.beforeFirstAttempt(state, s))
        .whileActive(state -> measure(state, s))
        .whileActive(state -> firstAttempt(state, s))
        .whileActive(state -> state.current().isEmpty() ? stay(state) : observer.follow(state, s))
        .then(state -> state.finished() ? whileFinished(state, s) : stay(state))
        .toPlan(s.now());
  }

  private static Transition stay(BatchState state) {
    return Transition.stay(state);
  }

  /** A finished batch whose {@code spec.rerun} changed starts a new run. */
  private static Transition rerun(BatchState state, BatchSnapshot s) {
    String wanted = s.spec().rerun();
    if (!state.finished()
        || wanted == null
        || s.status() == null
        || Objects.equals(wanted, state.observedRerun().orElse(null))) {
      return Transition.stay(state);
    }
    return Transition.stay(state.newRun(wanted))
        .note(
            Plan.Note.normal(
                "Rerun", "spec.rerun is now '%s': running the batch again".formatted(wanted)));
  }

  /**
   * A spec edit before the run launched anything replaces the run's measurement and plan: the input
   * is measured again for the current spec. (Once an attempt launched, the run keeps the generation
   * it started with; see {@link AttemptObserver}.)
   */
  private static Transition unlaunchedRunOfAnOlderSpec(BatchState state, BatchSnapshot s) {
    boolean olderSpec =
        s.status() != null
            && s.status().observedGeneration() != null
            && s.status().observedGeneration() < s.generation();
    boolean launched = state.attempts().stream().anyMatch(a -> a.startedAt().isPresent());
    if (!olderSpec || launched || (state.input().isEmpty() && state.attempts().isEmpty())) {
      return Transition.stay(state);
    }
    return Transition.stay(state.unlaunched());
  }

  /**
   * A run starts by measuring its input; nothing to read ends it, storage out of reach is tried
   * again with the batch's backoff until its attempts are used up.
   */
  private Transition measure(BatchState state, BatchSnapshot s) {
    if (state.input().isPresent()) {
      return Transition.stay(state);
    }
    Optional<Instant> backoffEnd = state.nextAttemptAt().filter(s.now()::isBefore);
    if (backoffEnd.isPresent()) {
      return Transition.stay(state).requeueAfter(Duration.between(s.now(), backoffEnd.get()));
    }
    String uri = s.spec().source().uri();
    ProbeResult result =
        probe.measure(new InputLocation(s.namespace(), uri, storage.over(s.spec().storage())));
    if (result instanceof ProbeResult.Measured measured) {
      return Transition.stay(state.withInput(new MeasuredInput(measured.size(), s.now())));
    }
    if (result instanceof ProbeResult.Unavailable missing) {
      return Transition.stay(state)
          .finish(
              Phase.Failed,
              "%s: nothing to process at %s: %s"
                  .formatted(FailureClass.BadConfiguration, uri, missing.why()),
              s.now());
    }
    return unreachable(state, s, uri, ((ProbeResult.Unreachable) result).why());
  }

  private static Transition unreachable(BatchState state, BatchSnapshot s, String uri, String why) {
    int failures = state.inputProbeFailures() + 1;
    var retry = RetrySettings.from(s.spec().retry());
    if (failures >= retry.maxAttempts()) {
      return Transition.stay(state)
          .finish(
              Phase.Failed,
              "%s: the storage of %s could not be reached %d times; last: %s"
                  .formatted(FailureClass.Infrastructure, uri, failures, why),
              s.now());
    }
    Instant next = s.now().plus(retry.backoffBefore(failures));
    String message =
        "%s: cannot reach the storage of %s (%s); measuring again at %s"
            .formatted(FailureClass.Infrastructure, uri, why, next);
    return Transition.stay(state.withInputUnreachable(failures, next))
        .moveTo(Phase.Pending, message)
        .note(Plan.Note.warning("InputUnreachable", message))
        .requeueAfter(Duration.between(s.now(), next));
  }

  /** The run's first attempt, sized from the measured input within the batch's caps. */
  private Transition firstAttempt(BatchState state, BatchSnapshot s) {
    if (!state.attempts().isEmpty() || state.input().isEmpty()) {
      return Transition.stay(state);
    }
    int salt = Optional.ofNullable(s.spec().dedup().saltBuckets()).orElse(0);
    var first =
        sizing.initial(
            state.input().orElseThrow().size(), SizingCaps.from(s.spec().resources()), salt);
    return Transition.stay(
        state.withAttempt(
            Attempt.planned(state.lastAttempt() + 1, first, Optional.empty(), s.generation())));
  }

  /**
   * Progress is live data, so a finished batch keeps its counts in {@code status.result} instead;
   * its table locks are released; with a TTL it is deleted once that has passed, else looked at
   * again when it will have.
   */
  private static Transition whileFinished(BatchState state, BatchSnapshot s) {
    var t = Transition.stay(state.withProgress(Optional.empty()));
    // The locks go only once no driver of the batch can still commit.
    boolean driverAlive =
        s.pods().stream().anyMatch(p -> p.role() == PodRole.DRIVER && p.phase().live());
    if (s.tables().held() && !driverAlive) {
      t = t.act(new Plan.Action.ReleaseTables());
    }
    Long ttl = s.spec().ttlSecondsAfterFinished();
    if (ttl == null || state.finishedAt().isEmpty()) {
      return t;
    }
    Instant expiry = state.finishedAt().get().plusSeconds(ttl);
    return s.now().isBefore(expiry)
        ? t.requeueAfter(Duration.between(s.now(), expiry))
        : t.act(new Plan.Action.DeleteBatch("ttlSecondsAfterFinished (%ds) passed".formatted(ttl)));
  }
}
