package io.scrapebatch.operator.policy;

import io.scrapebatch.api.v1alpha1.AttemptSizing;
import io.scrapebatch.api.v1alpha1.ExecutionMode;
import java.util.Map;
import java.util.TreeMap;

/**
 * The resources and Spark settings of one attempt. In {@link ExecutionMode#LOCAL} the driver is the
 * only pod and its heap does all the work; {@code executors} is then 0.
 *
 * @param saltBuckets 0 when dedup is not salted
 * @param tuning further Spark properties (shuffle retries, AQE skew), sorted for stable output
 */
public record SparkSizing(
    ExecutionMode mode,
    int executors,
    int executorCores,
    Memory executorMemory,
    Memory executorOverhead,
    Memory driverMemory,
    Memory driverOverhead,
    int shufflePartitions,
    int saltBuckets,
    Map<String, String> tuning) {

  public SparkSizing {
    if (mode == ExecutionMode.AUTO) {
      throw new IllegalArgumentException("a sizing is LOCAL or CLUSTER, never AUTO");
    }
    tuning = Map.copyOf(tuning);
  }

  public boolean local() {
    return mode == ExecutionMode.LOCAL;
  }

  /** The memory limit of the driver (or local-mode) pod: heap plus overhead. */
  public Memory driverPodMemory() {
    return driverMemory.plus(driverOverhead);
  }

  /** The memory limit of each executor pod: heap plus overhead. */
  public Memory executorPodMemory() {
    return executorMemory.plus(executorOverhead);
  }

  public SparkSizing withExecutors(int count, int cores, Memory heap, Memory overhead) {
    return new SparkSizing(
        mode,
        count,
        cores,
        heap,
        overhead,
        driverMemory,
        driverOverhead,
        shufflePartitions,
        saltBuckets,
        tuning);
  }

  public SparkSizing withDriver(Memory heap, Memory overhead) {
    return new SparkSizing(
        mode,
        executors,
        executorCores,
        executorMemory,
        executorOverhead,
        heap,
        overhead,
        shufflePartitions,
        saltBuckets,
        tuning);
  }

  public SparkSizing withShufflePartitions(int partitions) {
    return new SparkSizing(
        mode,
        executors,
        executorCores,
        executorMemory,
        executorOverhead,
        driverMemory,
        driverOverhead,
        partitions,
        saltBuckets,
        tuning);
  }

  public SparkSizing withSalting(int buckets, Map<String, String> extraTuning) {
    return new SparkSizing(
        mode,
        executors,
        executorCores,
        executorMemory,
        executorOverhead,
        driverMemory,
        driverOverhead,
        shufflePartitions,
        buckets,
        merged(extraTuning));
  }

  public SparkSizing withTuning(Map<String, String> extraTuning) {
    return new SparkSizing(
        mode,
        executors,
        executorCores,
        executorMemory,
        executorOverhead,
        driverMemory,
        driverOverhead,
        shufflePartitions,
        saltBuckets,
        merged(extraTuning));
  }

  private Map<String, String> merged(Map<String, String> extra) {
    var all = new TreeMap<>(tuning);
    all.putAll(extra);
    return all;
  }

  /** One line for events and status messages. */
  public String describe() {
    if (local()) {
      return "local mode, one pod with %d core(s) and %s heap, %d shuffle partitions"
          .formatted(executorCores, driverMemory, shufflePartitions);
    }
    return "%d executor(s) x %d core(s) x %s heap, driver %s, %d shuffle partitions%s"
        .formatted(
            executors,
            executorCores,
            executorMemory,
            driverMemory,
            shufflePartitions,
            saltBuckets > 0 ? ", dedup salted into " + saltBuckets + " buckets" : "");
  }

  /** The form {@code status.attempts[].sizing} shows. */
  public AttemptSizing toStatus() {
    return new AttemptSizing(
        mode,
        executors,
        executorCores,
        local() ? null : executorMemory.toQuantity(),
        local() ? null : executorOverhead.toQuantity(),
        driverMemory.toQuantity(),
        driverOverhead.toQuantity(),
        shufflePartitions,
        saltBuckets > 0 ? saltBuckets : null,
        tuning.isEmpty() ? null : new TreeMap<>(tuning));
  }

  /** Rebuilds a sizing from its status form (the operator keeps no other state). */
  public static SparkSizing fromStatus(AttemptSizing s) {
    boolean local = s.mode() == ExecutionMode.LOCAL;
    return new SparkSizing(
        s.mode(),
        s.executors() == null ? 0 : s.executors(),
        s.executorCores(),
        local ? Memory.mib(0) : Memory.parse(s.executorMemory()),
        local ? Memory.mib(0) : Memory.parse(s.executorMemoryOverhead()),
        Memory.parse(s.driverMemory()),
        Memory.parse(s.driverMemoryOverhead()),
        s.shufflePartitions(),
        s.saltBuckets() == null ? 0 : s.saltBuckets(),
        s.sparkConf() == null ? Map.of() : s.sparkConf());
  }
}
