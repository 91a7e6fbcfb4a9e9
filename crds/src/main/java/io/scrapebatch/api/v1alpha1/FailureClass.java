package io.scrapebatch.api.v1alpha1;

/** Why an attempt failed, as classified by the operator; decides what the next attempt changes. */
public enum FailureClass {
  ExecutorOOM,
  DriverOOM,
  ShuffleFetchFailed,
  DataSkew,
  SerializationError,
  ContractViolation,
  BadConfiguration,
  /**
   * An input object that cannot be decoded (a truncated or corrupt .gz): the same bytes fail again.
   */
  CorruptInput,
  /** Another writer committed to the same Delta table first (Delta's optimistic concurrency). */
  WriteConflict,
  /**
   * read ≠ written + duplicates + already present + quarantined: a bug, never retried into success.
   */
  ConservationViolated,
  Infrastructure,
  Unknown
}
