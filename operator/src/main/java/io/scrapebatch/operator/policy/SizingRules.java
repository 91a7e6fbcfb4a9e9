package io.scrapebatch.operator.policy;

/**
 * The operator-wide sizing rules (from its settings, not from a ScrapeBatch).
 *
 * @param memoryPerInputByte total executor heap per byte of (uncompressed) input; 3 covers
 *     deserialisation and shuffle headroom
 * @param gzipExpansion how much larger gzip JSONL is once decompressed, to size from stored bytes
 * @param bytesPerPartition target shuffle partition size (~128 MB)
 * @param localModeMaxInput largest uncompressed input run as a single local-mode pod in auto mode
 * @param preferredExecutorMemory executor heap the sizing starts from before caps
 * @param minExecutorMemory smallest heap an executor is given
 * @param defaultDriverMemory driver heap in cluster mode unless the batch sets one
 * @param minLocalMemory smallest heap of a local-mode pod
 * @param overheadFactor Spark's memory overhead factor for JVM jobs (0.10)
 * @param minOverhead Spark's minimum memory overhead (384 MiB)
 * @param maxShufflePartitions upper bound for partitions, however often a retry doubles them
 */
public record SizingRules(
    double memoryPerInputByte,
    double gzipExpansion,
    Memory bytesPerPartition,
    Memory localModeMaxInput,
    Memory preferredExecutorMemory,
    Memory minExecutorMemory,
    Memory defaultDriverMemory,
    Memory minLocalMemory,
    double overheadFactor,
    Memory minOverhead,
    int maxShufflePartitions) {

  public static SizingRules defaults() {
    return new SizingRules(
        3.0,
        6.0,
        Memory.mib(128),
        Memory.mib(256),
        Memory.gib(4),
        Memory.mib(1024),
        Memory.mib(1024),
        Memory.mib(1024),
        0.10,
        Memory.mib(384),
        20_000);
  }

  /** Spark's rule: max(minOverhead, factor × heap). */
  public Memory overheadFor(Memory heap) {
    return heap.times(overheadFactor).max(minOverhead);
  }

  /** The input size Spark will hold in memory: stored bytes, decompressed if gzip. */
  public long uncompressedBytes(InputSize input) {
    return input.compressed() ? (long) (input.bytes() * gzipExpansion) : input.bytes();
  }
}
