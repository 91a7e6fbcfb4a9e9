package io.scrapebatch.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.v1alpha1.ExecutionMode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SizingCalculatorTest {
  static final long MIB = 1L << 20;
  static final long GIB = 1L << 30;
  private final SizingRules rules = SizingRules.defaults();
  private final SizingCalculator calculator = new SizingCalculator(rules);

  static SizingCaps caps(ExecutionMode mode) {
    return new SizingCaps(
        mode,
        1,
        10,
        2,
        Memory.parse("8Gi"),
        Memory.parse("4Gi"),
        Optional.empty(),
        Optional.empty());
  }

  private SparkSizing size(long bytes, SizingCaps caps) {
    return calculator.initial(new InputSize(bytes, 10, false), caps, 0);
  }

  @Test
  void aSmallBatchRunsAsOneLocalModePod() {
    var s = size(200 * MIB, caps(ExecutionMode.AUTO));

    assertThat(s.mode()).isEqualTo(ExecutionMode.LOCAL);
    assertThat(s.executors()).isZero();
    assertThat(s.driverOverhead()).isEqualTo(Memory.mib(384));
    assertThat(s.shufflePartitions()).isEqualTo(2);
  }

  @Test
  void aLocalModePodGetsThreeTimesTheInputAsHeap() {
    var s = size(GIB, caps(ExecutionMode.LOCAL));

    assertThat(s.driverMemory()).isEqualTo(Memory.gib(3));
    assertThat(s.driverOverhead()).isEqualTo(Memory.mib(384));
    assertThat(s.driverPodMemory()).isEqualTo(Memory.mib(3 * 1024 + 384));
  }

  @Test
  void localModeNeverGetsLessThanTheMinimumHeap() {
    assertThat(size(MIB, caps(ExecutionMode.AUTO)).driverMemory()).isEqualTo(Memory.mib(1024));
  }

  @Test
  void theLocalModeThresholdIsInclusive() {
    assertThat(size(256 * MIB, caps(ExecutionMode.AUTO)).mode()).isEqualTo(ExecutionMode.LOCAL);
    assertThat(size(256 * MIB + 1, caps(ExecutionMode.AUTO)).mode())
        .isEqualTo(ExecutionMode.CLUSTER);
  }

  @Test
  void gzipInputIsSizedByItsDecompressedSize() {
    var s = calculator.initial(new InputSize(100 * MIB, 4, true), caps(ExecutionMode.AUTO), 0);

    assertThat(s.mode()).isEqualTo(ExecutionMode.CLUSTER);
    assertThat(s.shufflePartitions()).isEqualTo(5); // 600 MiB / 128 MiB
  }

  @Test
  void aLargeBatchGetsExecutorsForThreeTimesItsSizeAndAPartitionPer128Mb() {
    var s = size(10 * GIB, caps(ExecutionMode.AUTO));

    assertThat(s.mode()).isEqualTo(ExecutionMode.CLUSTER);
    assertThat(s.executorMemory()).isEqualTo(Memory.gib(4));
    assertThat(s.executors()).isEqualTo(8); // 30 GiB / 4 GiB
    assertThat(s.executorOverhead()).isEqualTo(Memory.mib(410)); // 10% of 4 GiB
    assertThat(s.shufflePartitions()).isEqualTo(80);
    assertThat(s.driverMemory()).isEqualTo(Memory.gib(1));
  }

  @Test
  void outOfExecutorsEachExecutorGrowsUpToItsCap() {
    var s = size(20 * GIB, caps(ExecutionMode.AUTO)); // needs 60 GiB, 10 executors max

    assertThat(s.executors()).isEqualTo(10);
    assertThat(s.executorMemory()).isEqualTo(Memory.gib(6));

    var capped = size(100 * GIB, caps(ExecutionMode.AUTO));
    assertThat(capped.executors()).isEqualTo(10);
    assertThat(capped.executorMemory()).isEqualTo(Memory.gib(8));
  }

  @Test
  void aTinyClusterBatchStillStartsTheMinimumExecutorsAndKeepsEveryCoreBusy() {
    var c =
        new SizingCaps(
            ExecutionMode.CLUSTER,
            3,
            10,
            4,
            Memory.parse("8Gi"),
            Memory.parse("4Gi"),
            Optional.empty(),
            Optional.empty());

    var s = size(MIB, c);

    assertThat(s.executors()).isEqualTo(3);
    assertThat(s.shufflePartitions()).isEqualTo(12);
  }

  @Test
  void explicitInitialMemoryOverridesTheRule() {
    var c =
        new SizingCaps(
            ExecutionMode.CLUSTER,
            1,
            10,
            2,
            Memory.parse("8Gi"),
            Memory.parse("4Gi"),
            Optional.of(Memory.parse("3Gi")),
            Optional.of(Memory.parse("2Gi")));

    var s = size(10 * GIB, c);

    assertThat(s.executorMemory()).isEqualTo(Memory.gib(3));
    assertThat(s.executors()).isEqualTo(10);
    assertThat(s.driverMemory()).isEqualTo(Memory.gib(2));
  }

  @Test
  void autoModeGoesToClusterWhenALocalPodWouldExceedTheDriverCap() {
    var c =
        new SizingCaps(
            ExecutionMode.AUTO,
            1,
            10,
            2,
            Memory.parse("8Gi"),
            Memory.parse("512Mi"),
            Optional.empty(),
            Optional.empty());

    assertThat(size(200 * MIB, c).mode()).isEqualTo(ExecutionMode.CLUSTER);
  }

  @Test
  void forcedModesWin() {
    assertThat(size(10 * GIB, caps(ExecutionMode.LOCAL)).mode()).isEqualTo(ExecutionMode.LOCAL);
    assertThat(size(10 * GIB, caps(ExecutionMode.LOCAL)).driverMemory())
        .isEqualTo(Memory.gib(4)); // capped
    assertThat(size(MIB, caps(ExecutionMode.CLUSTER)).mode()).isEqualTo(ExecutionMode.CLUSTER);
  }

  @Test
  void theStatusFormRoundTrips() {
    var s = size(10 * GIB, caps(ExecutionMode.AUTO)).withSalting(16, java.util.Map.of("a", "b"));

    assertThat(SparkSizing.fromStatus(s.toStatus())).isEqualTo(s);
    var local = size(MIB, caps(ExecutionMode.AUTO));
    assertThat(SparkSizing.fromStatus(local.toStatus())).isEqualTo(local);
  }
}
