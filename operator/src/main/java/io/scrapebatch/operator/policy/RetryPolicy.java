package io.scrapebatch.operator.policy;

import io.scrapebatch.api.v1alpha1.ExecutionMode;
import io.scrapebatch.api.v1alpha1.FailureClass;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decides, per failure class, whether another attempt can succeed and what it must change: more
 * memory for the component that ran out (then more partitions and fewer cores per executor at the
 * cap), salting for skew, shuffle retries for fetch failures, the same sizing after infrastructure
 * trouble — or stop at once where a retry cannot help.
 */
public final class RetryPolicy {
  static final int FIRST_SALT_BUCKETS = 16;
  static final int MAX_SALT_BUCKETS = 256;

  private final SizingRules rules;
  private final SizingCalculator calculator;

  public RetryPolicy(SizingRules rules) {
    this.rules = rules;
    this.calculator = new SizingCalculator(rules);
  }

  /** Whether any retry can fix this class of failure. */
  public static boolean retryable(FailureClass type) {
    return switch (type) {
      case SerializationError,
          ContractViolation,
          BadConfiguration,
          CorruptInput,
          ConservationViolated ->
          false;
      default -> true;
    };
  }

  /**
   * @param current the failed attempt's sizing
   * @param attemptsInRun attempts of this run so far, the failed one included
   * @param jitter spreads the retries of {@link FailureClass#WriteConflict}
   */
  public RetryDecision decide(
      Failure failure,
      SparkSizing current,
      SizingCaps caps,
      RetrySettings retry,
      InputSize input,
      int attemptsInRun,
      Jitter jitter,
      Instant now) {
    if (!retryable(failure.type())) {
      return new RetryDecision.GiveUp(
          "%s is not retryable: %s".formatted(failure.type(), failure.message()));
    }
    if (attemptsInRun >= retry.maxAttempts()) {
      return new RetryDecision.GiveUp(
          "all %d attempts failed; last: %s: %s"
              .formatted(retry.maxAttempts(), failure.type(), failure.message()));
    }
    Optional<Adjusted> adjusted =
        switch (failure.type()) {
          case ExecutorOOM -> moreExecutorMemory(current, caps, retry);
          case DriverOOM -> moreDriverMemory(current, caps, input);
          case ShuffleFetchFailed -> sturdierShuffle(current);
          case DataSkew -> salted(current, caps, retry);
          default -> Optional.of(new Adjusted(current, "same sizing"));
        };
    if (adjusted.isEmpty()) {
      return new RetryDecision.GiveUp(
          "%s and nothing left to adjust within the caps: %s"
              .formatted(failure.type(), failure.message()));
    }
    var at = now.plus(backoff(failure.type(), retry, attemptsInRun, jitter));
    return new RetryDecision.Retry(
        at, adjusted.get().sizing(), failure.type() + ": " + adjusted.get().change());
  }

  /**
   * A write conflict is another writer committing to the table at the same moment: retried on a
   * fixed schedule it can meet that writer (a periodic compaction, another retrying job) again, so
   * its backoff is jittered. Other classes' causes are not timed by another writer, and a fixed
   * schedule is easier to read in the status.
   */
  private static java.time.Duration backoff(
      FailureClass type, RetrySettings retry, int attemptsInRun, Jitter jitter) {
    return type == FailureClass.WriteConflict
        ? retry.jitteredBackoffBefore(attemptsInRun, jitter.fraction(attemptsInRun))
        : retry.backoffBefore(attemptsInRun);
  }

  private Optional<Adjusted> moreExecutorMemory(
      SparkSizing s, SizingCaps caps, RetrySettings retry) {
    if (s.local()) {
      return Optional.empty();
    }
    Memory cap = caps.maxExecutorMemory();
    if (s.executorMemory().compareTo(cap) < 0) {
      Memory more = s.executorMemory().times(retry.memoryGrowthFactor()).min(cap);
      return Optional.of(
          new Adjusted(
              s.withExecutors(s.executors(), s.executorCores(), more, rules.overheadFor(more)),
              "executor memory %s → %s".formatted(s.executorMemory(), more)));
    }
    int partitions = Math.min(s.shufflePartitions() * 2, rules.maxShufflePartitions());
    int cores = Math.max(1, s.executorCores() / 2);
    if (partitions == s.shufflePartitions() && cores == s.executorCores()) {
      return Optional.empty();
    }
    var changes = new ArrayList<String>();
    if (cores != s.executorCores()) {
      changes.add("cores per executor %d → %d".formatted(s.executorCores(), cores));
    }
    if (partitions != s.shufflePartitions()) {
      changes.add("shuffle partitions %d → %d".formatted(s.shufflePartitions(), partitions));
    }
    return Optional.of(
        new Adjusted(
            s.withExecutors(s.executors(), cores, s.executorMemory(), s.executorOverhead())
                .withShufflePartitions(partitions),
            "executor memory at its %s cap: %s".formatted(cap, String.join(", ", changes))));
  }

  private Optional<Adjusted> moreDriverMemory(SparkSizing s, SizingCaps caps, InputSize input) {
    Memory cap = caps.maxDriverMemory();
    if (s.driverMemory().compareTo(cap) < 0) {
      Memory more = s.driverMemory().times(2).min(cap);
      String what = s.local() ? "local-mode pod memory" : "driver memory";
      return Optional.of(
          new Adjusted(
              s.withDriver(more, rules.overheadFor(more)),
              "%s %s → %s".formatted(what, s.driverMemory(), more)));
    }
    if (s.local() && caps.mode() == ExecutionMode.AUTO) {
      var cluster =
          calculator.initial(input, caps.inClusterMode(), s.saltBuckets()).withTuning(s.tuning());
      return Optional.of(
          new Adjusted(
              cluster,
              "local-mode pod at its %s cap: cluster mode with %d executor(s) of %s"
                  .formatted(cap, cluster.executors(), cluster.executorMemory())));
    }
    return Optional.empty();
  }

  private Optional<Adjusted> sturdierShuffle(SparkSizing s) {
    int partitions = Math.min(s.shufflePartitions() * 2, rules.maxShufflePartitions());
    var tuning = new TreeMap<String, String>();
    int retries = Math.min(12, intSetting(s, "spark.shuffle.io.maxRetries", 3) * 2);
    int waitSeconds = Math.min(60, secondsSetting(s, "spark.shuffle.io.retryWait", 5) * 2);
    int timeout = Math.min(600, secondsSetting(s, "spark.network.timeout", 120) * 2);
    tuning.put("spark.shuffle.io.maxRetries", String.valueOf(retries));
    tuning.put("spark.shuffle.io.retryWait", waitSeconds + "s");
    tuning.put("spark.network.timeout", timeout + "s");
    return Optional.of(
        new Adjusted(
            s.withShufflePartitions(partitions).withTuning(tuning),
            "shuffle partitions %d → %d, shuffle fetch retries %d, retry wait %ds, network timeout %ds"
                .formatted(s.shufflePartitions(), partitions, retries, waitSeconds, timeout)));
  }

  /**
   * Skew is read from executors running out of memory in a skewed stage: spread the hot keys over
   * salt buckets and, while below the cap, give executors more memory too, since the hot key's rows
   * themselves may be what did not fit.
   */
  private Optional<Adjusted> salted(SparkSizing s, SizingCaps caps, RetrySettings retry) {
    int buckets = s.saltBuckets() == 0 ? FIRST_SALT_BUCKETS : s.saltBuckets() * 2;
    if (buckets > MAX_SALT_BUCKETS) {
      return Optional.empty();
    }
    var aqe = new TreeMap<String, String>();
    aqe.put("spark.sql.adaptive.enabled", "true");
    aqe.put("spark.sql.adaptive.skewJoin.enabled", "true");
    aqe.put("spark.sql.adaptive.skewJoin.skewedPartitionFactor", "2");
    aqe.put("spark.sql.adaptive.advisoryPartitionSizeInBytes", "64m");
    String change =
        "dedup keys salted into %d buckets (two-phase), adaptive skew handling on"
            .formatted(buckets);
    SparkSizing salted = s.withSalting(buckets, aqe);
    Memory cap = caps.maxExecutorMemory();
    if (!s.local() && s.executorMemory().compareTo(cap) < 0) {
      Memory more = s.executorMemory().times(retry.memoryGrowthFactor()).min(cap);
      salted =
          salted.withExecutors(s.executors(), s.executorCores(), more, rules.overheadFor(more));
      change += ", executor memory %s → %s".formatted(s.executorMemory(), more);
    }
    return Optional.of(new Adjusted(salted, change));
  }

  private static int intSetting(SparkSizing s, String key, int fallback) {
    return Optional.ofNullable(s.tuning().get(key)).map(Integer::parseInt).orElse(fallback);
  }

  private static int secondsSetting(SparkSizing s, String key, int fallback) {
    return Optional.ofNullable(s.tuning().get(key))
        .map(v -> Integer.parseInt(v.replace("s", "")))
        .orElse(fallback);
  }

  private record Adjusted(SparkSizing sizing, String change) {}
}
