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
  Infrastructure,
  Unknown
}
