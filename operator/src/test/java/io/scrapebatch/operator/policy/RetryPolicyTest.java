package io.scrapebatch.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.v1alpha1.ExecutionMode;
import io.scrapebatch.api.v1alpha1.FailureClass;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RetryPolicyTest {
  static final Instant NOW = Instant.parse("2026-05-19T02:00:00Z");
  static final InputSize INPUT = new InputSize(10L << 30, 100, false);
  private final SizingRules rules = SizingRules.defaults();
  private final RetryPolicy policy = new RetryPolicy(rules);
  private final RetrySettings retry =
      new RetrySettings(4, Duration.ofSeconds(30), Duration.ofMinutes(10), 1.5);
  private final SizingCaps caps = SizingCalculatorTest.caps(ExecutionMode.AUTO);
  private final SparkSizing cluster = new SizingCalculator(rules).initial(INPUT, caps, 0);

  private RetryDecision decide(FailureClass type, SparkSizing sizing, int attempts) {
    return policy.decide(
        Failure.of(type, "boom", List.of()),
        sizing,
        caps,
        retry,
        INPUT,
        attempts,
        new Jitter("uid"),
        NOW);
  }

  private RetryDecision.Retry retried(FailureClass type, SparkSizing sizing) {
    return (RetryDecision.Retry) decide(type, sizing, 1);
  }

  @Test
  void executorOomGrowsExecutorMemoryByTheFactor() {
    var r = retried(FailureClass.ExecutorOOM, cluster);

    assertThat(r.sizing().executorMemory()).isEqualTo(Memory.gib(6));
    assertThat(r.sizing().executorOverhead()).isEqualTo(Memory.mib(615));
    assertThat(r.sizing().executors()).isEqualTo(cluster.executors());
    assertThat(r.adjustment()).isEqualTo("ExecutorOOM: executor memory 4Gi → 6Gi");
  }

  @Test
  void executorOomStopsGrowingAtTheCap() {
    var nearCap = cluster.withExecutors(8, 2, Memory.gib(7), Memory.mib(717));

    assertThat(retried(FailureClass.ExecutorOOM, nearCap).sizing().executorMemory())
        .isEqualTo(Memory.gib(8));
  }

  @Test
  void executorOomAtTheCapHalvesCoresAndDoublesPartitions() {
    var atCap = cluster.withExecutors(8, 4, Memory.gib(8), Memory.mib(820));

    var r = retried(FailureClass.ExecutorOOM, atCap);

    assertThat(r.sizing().executorMemory()).isEqualTo(Memory.gib(8));
    assertThat(r.sizing().executorCores()).isEqualTo(2);
    assertThat(r.sizing().shufflePartitions()).isEqualTo(atCap.shufflePartitions() * 2);
    assertThat(r.adjustment()).contains("at its 8Gi cap");
  }

  @Test
  void anAdjustmentNamesOnlyWhatChanged() {
    var oneCore = cluster.withExecutors(8, 1, Memory.gib(8), Memory.mib(820));

    var r = retried(FailureClass.ExecutorOOM, oneCore);

    assertThat(r.adjustment())
        .isEqualTo(
            "ExecutorOOM: executor memory at its 8Gi cap: shuffle partitions %d → %d"
                .formatted(oneCore.shufflePartitions(), oneCore.shufflePartitions() * 2));
  }

  @Test
  void executorOomWithNothingLeftToAdjustGivesUp() {
    var exhausted =
        cluster
            .withExecutors(8, 1, Memory.gib(8), Memory.mib(820))
            .withShufflePartitions(rules.maxShufflePartitions());

    assertThat(decide(FailureClass.ExecutorOOM, exhausted, 1))
        .isInstanceOfSatisfying(
            RetryDecision.GiveUp.class,
            g -> assertThat(g.reason()).contains("nothing left to adjust"));
  }

  @Test
  void driverOomDoublesDriverMemoryUpToItsCap() {
    var r = retried(FailureClass.DriverOOM, cluster);
    assertThat(r.sizing().driverMemory()).isEqualTo(Memory.gib(2));

    var atCap = cluster.withDriver(Memory.gib(4), Memory.mib(410));
    assertThat(decide(FailureClass.DriverOOM, atCap, 1)).isInstanceOf(RetryDecision.GiveUp.class);
  }

  @Test
  void aLocalModePodOutOfMemoryAtItsCapMovesToClusterModeInAutoMode() {
    var local = new SizingCalculator(rules).initial(new InputSize(200L << 20, 1, false), caps, 0);
    var atCap = local.withDriver(Memory.gib(4), Memory.mib(410));

    var r = retried(FailureClass.DriverOOM, atCap);

    assertThat(r.sizing().mode()).isEqualTo(ExecutionMode.CLUSTER);
    assertThat(r.sizing().executors()).isPositive();
    assertThat(r.adjustment()).contains("cluster mode");
  }

  @Test
  void shuffleFetchFailureDoublesPartitionsAndMakesTheShuffleMorePatient() {
    var r = retried(FailureClass.ShuffleFetchFailed, cluster);

    assertThat(r.sizing().shufflePartitions()).isEqualTo(cluster.shufflePartitions() * 2);
    assertThat(r.sizing().tuning())
        .containsEntry("spark.shuffle.io.maxRetries", "6")
        .containsEntry("spark.shuffle.io.retryWait", "10s")
        .containsEntry("spark.network.timeout", "240s");

    var again = retried(FailureClass.ShuffleFetchFailed, r.sizing());
    assertThat(again.sizing().tuning()).containsEntry("spark.shuffle.io.maxRetries", "12");
  }

  @Test
  void skewSaltsTheDedupKeysAndTurnsOnAdaptiveSkewHandling() {
    var r = retried(FailureClass.DataSkew, cluster);

    assertThat(r.sizing().saltBuckets()).isEqualTo(16);
    assertThat(r.sizing().tuning()).containsEntry("spark.sql.adaptive.skewJoin.enabled", "true");
    assertThat(r.sizing().executorMemory()).isEqualTo(Memory.gib(6));
    assertThat(r.adjustment())
        .isEqualTo(
            "DataSkew: dedup keys salted into 16 buckets (two-phase), adaptive skew handling on,"
                + " executor memory 4Gi → 6Gi");
    assertThat(retried(FailureClass.DataSkew, r.sizing()).sizing().saltBuckets()).isEqualTo(32);
    assertThat(decide(FailureClass.DataSkew, cluster.withSalting(256, Map.of()), 1))
        .isInstanceOf(RetryDecision.GiveUp.class);
  }

  @ParameterizedTest
  @EnumSource(
      value = FailureClass.class,
      names = {"Infrastructure", "Unknown"})
  void infrastructureAndUnknownFailuresRetryWithTheSameSizing(FailureClass type) {
    var r = retried(type, cluster);

    assertThat(r.sizing()).isEqualTo(cluster);
    assertThat(r.adjustment()).isEqualTo(type + ": same sizing");
  }

  @ParameterizedTest
  @EnumSource(
      value = FailureClass.class,
      names = {"SerializationError", "ContractViolation", "BadConfiguration"})
  void failuresNoRetryCanFixStopAtOnce(FailureClass type) {
    assertThat(decide(type, cluster, 1))
        .isInstanceOfSatisfying(
            RetryDecision.GiveUp.class,
            g -> assertThat(g.reason()).startsWith(type + " is not retryable"));
    assertThat(RetryPolicy.retryable(type)).isFalse();
  }

  @Test
  void theLastAttemptGivesUpWithTheLastFailureNamed() {
    assertThat(decide(FailureClass.ExecutorOOM, cluster, 4))
        .isInstanceOfSatisfying(
            RetryDecision.GiveUp.class,
            g ->
                assertThat(g.reason()).isEqualTo("all 4 attempts failed; last: ExecutorOOM: boom"));
  }

  @Test
  void backoffDoublesPerRetryUpToTheMaximum() {
    assertThat(((RetryDecision.Retry) decide(FailureClass.Unknown, cluster, 1)).at())
        .isEqualTo(NOW.plusSeconds(30));
    assertThat(((RetryDecision.Retry) decide(FailureClass.Unknown, cluster, 3)).at())
        .isEqualTo(NOW.plusSeconds(120));
    var longRun = new RetrySettings(20, Duration.ofSeconds(30), Duration.ofMinutes(10), 1.5);
    assertThat(longRun.backoffBefore(10)).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void executorOomNeverTouchesALocalSizing() {
    var local = new SizingCalculator(rules).initial(new InputSize(1, 1, false), caps, 0);
    assertThat(decide(FailureClass.ExecutorOOM, local, 1)).isInstanceOf(RetryDecision.GiveUp.class);
    assertThat(Optional.of(local.local())).contains(true);
  }
}
