package io.scrapebatch.operator.policy;

/** Kubernetes pod phases. */
public enum PodPhase {
  Pending,
  Running,
  Succeeded,
  Failed,
  Unknown
}
