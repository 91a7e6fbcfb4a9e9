package io.scrapebatch.etl;

import io.scrapebatch.api.job.ExitCode;

/** A failure the job recognises itself, carrying the exit code the operator acts on. */
public final class JobFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ExitCode exitCode;

  private JobFailure(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }

  public static JobFailure badConfiguration(String message) {
    return new JobFailure(ExitCode.BAD_CONFIGURATION, message, null);
  }

  public static JobFailure badConfiguration(String message, Throwable cause) {
    return new JobFailure(ExitCode.BAD_CONFIGURATION, message, cause);
  }

  public static JobFailure contractViolation(long invalid, long read, double maxRatio) {
    return new JobFailure(
        ExitCode.CONTRACT_VIOLATION,
        String.format(
            "%d of %d rows are invalid (%.4f), above the contract's maxInvalidRatio %.4f;"
                + " invalid rows are quarantined, the target table is untouched",
            invalid, read, read == 0 ? 0.0 : (double) invalid / read, maxRatio),
        null);
  }

  /** Another writer committed first; the attempt's write did not land (Delta rolled it back). */
  public static JobFailure writeConflict(String table, Throwable cause) {
    return new JobFailure(
        ExitCode.WRITE_CONFLICT,
        "write conflict on "
            + table
            + ": another writer committed to it first ("
            + cause.getClass().getSimpleName()
            + ")",
        cause);
  }

  public static JobFailure conservationViolated(String detail) {
    return new JobFailure(ExitCode.CONSERVATION_VIOLATED, "conservation violated: " + detail, null);
  }
}
