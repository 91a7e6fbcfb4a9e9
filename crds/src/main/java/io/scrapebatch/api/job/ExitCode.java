package io.scrapebatch.api.job;

import io.scrapebatch.api.v1alpha1.FailureClass;
import java.util.Arrays;
import java.util.Optional;

/**
 * The job's process exit codes: the one half of the operator-job contract that survives even when
 * the termination message cannot be written. 52 is Spark's own code for a JVM OutOfMemoryError. The
 * job's {@code --help} and the exit-code tables in docs/ are generated from {@link #meaning()}.
 */
public enum ExitCode {
  SUCCESS(0, null, "success (also a re-run that finds the batch already merged)"),
  CONTRACT_VIOLATION(
      10,
      FailureClass.ContractViolation,
      "invalid rows above the contract's maxInvalidRatio; quarantine written, table untouched"),
  BAD_CONFIGURATION(
      11,
      FailureClass.BadConfiguration,
      "bad arguments or contract, missing input, a target that is not a Delta table or is"
          + " partitioned otherwise, a schema clash (AnalysisException)"),
  SERIALIZATION_ERROR(
      12, FailureClass.SerializationError, "a task or UDF captured something not serializable"),
  SHUFFLE_FETCH_FAILED(13, FailureClass.ShuffleFetchFailed, "shuffle blocks could not be fetched"),
  /** Read != written + duplicates + present + quarantined: a bug, never a silent success. */
  CONSERVATION_VIOLATED(
      14,
      FailureClass.ConservationViolated,
      "the measured counts do not add up (read ≠ written + duplicates + present + quarantined)"),
  /**
   * Executors were lost to memory (Spark's ExecutorLostFailure with exit 137/52 or OOMKilled, or an
   * OutOfMemoryError in an executor's task): the driver survived to say so; the operator also reads
   * the executor pods themselves.
   */
  EXECUTOR_OOM(15, FailureClass.ExecutorOOM, "executors were lost to memory"),
  /** Another writer's commit conflicted with this one (Delta's ConcurrentAppendException, …). */
  WRITE_CONFLICT(16, FailureClass.WriteConflict, "another writer committed to the table first"),
  /** The same bytes would fail again, so the job names the object instead of being retried. */
  CORRUPT_INPUT(
      17,
      FailureClass.CorruptInput,
      "an input object cannot be decoded (truncated or corrupt .gz)"),
  /** {@code SparkExitCode.OOM}: an OutOfMemoryError in this JVM (the driver, or local mode). */
  JVM_OOM(52, FailureClass.DriverOOM, "OutOfMemoryError in this JVM (Spark's own code)"),
  UNKNOWN(1, FailureClass.Unknown, "anything else");

  private final int code;
  private final FailureClass failureClass;
  private final String meaning;

  ExitCode(int code, FailureClass failureClass, String meaning) {
    this.code = code;
    this.failureClass = failureClass;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  /** The failure class this exit implies on its own; empty for success. */
  public Optional<FailureClass> failureClass() {
    return Optional.ofNullable(failureClass);
  }

  /** When the job exits with this code, in the words of {@code --help} and the docs. */
  public String meaning() {
    return meaning;
  }

  public static Optional<ExitCode> of(int code) {
    return Arrays.stream(values()).filter(e -> e.code == code).findFirst();
  }

  /** The exit-code table docs/ carry (checked against this enum by a test). */
  public static String markdownTable() {
    var table = new StringBuilder("| exit | when | failure class |\n|---|---|---|\n");
    for (ExitCode e : values()) {
      table.append(
          "| %d | %s | %s |\n"
              .formatted(e.code, e.meaning, e.failureClass().map(FailureClass::name).orElse("—")));
    }
    return table.toString();
  }
}
