package io.scrapebatch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a partition value is derived from its source field. */
public enum PartitionTransform {
  @JsonProperty("date")
  DATE,
  @JsonProperty("hour")
  HOUR,
  @JsonProperty("identity")
  IDENTITY
}
