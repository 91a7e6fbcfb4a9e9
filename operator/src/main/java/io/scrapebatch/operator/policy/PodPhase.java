package io.scrapebatch.operator.policy;

/** Kubernetes pod phases. */
public enum PodPhase {
  Pending,
  Running,
  Succeeded,
  Failed,
  Unknown;

  /** Whether a container of the pod may still run (and a driver still commit). */
  public boolean live() {
    return this == Pending || this == Running || this == Unknown;
  }
}
