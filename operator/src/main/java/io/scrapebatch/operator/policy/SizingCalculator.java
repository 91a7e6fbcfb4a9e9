package io.scrapebatch.operator.policy;

import io.scrapebatch.api.v1alpha1.ExecutionMode;
import java.util.Map;

/**
 * The first attempt's sizing from the measured input: total executor heap ≈ 3 × input, ~128 MB per
 * shuffle partition, executor count and heap within the batch's caps, and a single local-mode pod
 * for inputs below the operator's threshold.
 */
public final class SizingCalculator {
  private final SizingRules rules;

  public SizingCalculator(SizingRules rules) {
    this.rules = rules;
  }

  public SparkSizing initial(InputSize input, SizingCaps caps, int saltBuckets) {
    long data = rules.uncompressedBytes(input);
    Memory needed = Memory.ofBytes((long) Math.ceil(data * rules.memoryPerInputByte()));
    return runsLocally(data, needed, caps)
        ? local(data, needed, caps, saltBuckets)
        : cluster(data, needed, caps, saltBuckets);
  }

  private boolean runsLocally(long data, Memory needed, SizingCaps caps) {
    return switch (caps.mode()) {
      case LOCAL -> true;
      case CLUSTER -> false;
      case AUTO ->
          data <= rules.localModeMaxInput().bytes()
              && needed.max(rules.minLocalMemory()).compareTo(caps.maxDriverMemory()) <= 0;
    };
  }

  private SparkSizing local(long data, Memory needed, SizingCaps caps, int saltBuckets) {
    Memory heap =
        caps.driverMemory().orElse(needed.max(rules.minLocalMemory()).min(caps.maxDriverMemory()));
    int cores = caps.executorCores();
    return new SparkSizing(
        ExecutionMode.LOCAL,
        0,
        cores,
        Memory.mib(0),
        Memory.mib(0),
        heap,
        rules.overheadFor(heap),
        partitions(data, cores),
        saltBuckets,
        Map.of());
  }

  private SparkSizing cluster(long data, Memory needed, SizingCaps caps, int saltBuckets) {
    Memory heap =
        caps.executorMemory()
            .orElse(
                rules
                    .preferredExecutorMemory()
                    .min(caps.maxExecutorMemory())
                    .max(rules.minExecutorMemory().min(caps.maxExecutorMemory())));
    int executors =
        clamp(ceilDiv(needed.mib(), heap.mib()), caps.minExecutors(), caps.maxExecutors());
    if (caps.executorMemory().isEmpty() && executors * heap.mib() < needed.mib()) {
      // Out of executors: make each one bigger instead, up to the cap.
      heap = Memory.mib(ceilDiv(needed.mib(), executors)).min(caps.maxExecutorMemory());
    }
    Memory driver =
        caps.driverMemory().orElse(rules.defaultDriverMemory().min(caps.maxDriverMemory()));
    int cores = caps.executorCores();
    return new SparkSizing(
        ExecutionMode.CLUSTER,
        executors,
        cores,
        heap,
        rules.overheadFor(heap),
        driver,
        rules.overheadFor(driver),
        partitions(data, executors * cores),
        saltBuckets,
        Map.of());
  }

  /** ~128 MB per partition, but never fewer partitions than cores to keep. */
  private int partitions(long data, int cores) {
    long byData = ceilDiv(data, rules.bytesPerPartition().bytes());
    return (int) Math.min(Math.max(byData, Math.max(cores, 1)), rules.maxShufflePartitions());
  }

  private static int ceilDiv(long a, long b) {
    return (int) Math.min(Integer.MAX_VALUE, (a + b - 1) / b);
  }

  private static int clamp(int value, int min, int max) {
    return Math.max(min, Math.min(max, value));
  }
}
