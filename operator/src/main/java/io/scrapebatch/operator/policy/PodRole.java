package io.scrapebatch.operator.policy;

/** Which part of a Spark job a pod runs. */
public enum PodRole {
  DRIVER,
  EXECUTOR
}
