package io.scrapebatch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether the job runs in one pod (Spark local mode) or as a driver with executor pods. */
public enum ExecutionMode {
  /** The operator picks local mode below its input-size threshold, cluster mode above it. */
  @JsonProperty("auto")
  AUTO,
  @JsonProperty("local")
  LOCAL,
  @JsonProperty("cluster")
  CLUSTER
}
