package io.scrapebatch.api.job;

import io.scrapebatch.api.v1alpha1.FailureClass;
import java.util.Arrays;
import java.util.Optional;

/**
 * The job's process exit codes: the one half of the operator-job contract that survives even when
 * the termination message cannot be written. 52 is Spark's own code for a JVM OutOfMemoryError.
 */
public enum ExitCode {
  SUCCESS(0, null),
  UNKNOWN(1, FailureClass.Unknown),
  CONTRACT_VIOLATION(10, FailureClass.ContractViolation),
  BAD_CONFIGURATION(11, FailureClass.BadConfiguration),
  SERIALIZATION_ERROR(12, FailureClass.SerializationError),
  SHUFFLE_FETCH_FAILED(13, FailureClass.ShuffleFetchFailed),
  /**
   * Executors were lost to memory (Spark's ExecutorLostFailure with exit 137/52 or OOMKilled): the
   * driver survived to say so; the operator also reads the executor pods themselves.
   */
  EXECUTOR_OOM(15, FailureClass.ExecutorOOM),
  /** Read != written + duplicates + present + quarantined: a bug, never a silent success. */
  CONSERVATION_VIOLATED(14, FailureClass.Unknown),
  /** {@code SparkExitCode.OOM}: an OutOfMemoryError in this JVM (the driver, or local mode). */
  JVM_OOM(52, FailureClass.DriverOOM);

  private final int code;
  private final FailureClass failureClass;

  ExitCode(int code, FailureClass failureClass) {
    this.code = code;
    this.failureClass = failureClass;
  }

  public int code() {
    return code;
  }

  /** The failure class this exit implies on its own; empty for success. */
  public Optional<FailureClass> failureClass() {
    return Optional.ofNullable(failureClass);
  }

  public static Optional<ExitCode> of(int code) {
    return Arrays.stream(values()).filter(e -> e.code == code).findFirst();
  }
}
