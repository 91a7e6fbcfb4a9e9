package io.scrapebatch.operator.resources;

import io.scrapebatch.api.v1alpha1.ScrapeBatchSpec;
import io.scrapebatch.operator.policy.ResourceNames;
import io.scrapebatch.operator.policy.SparkSizing;

/** One attempt of one batch, as the driver builder needs it. */
public record LaunchRequest(
    String namespace,
    String batchName,
    String batchUid,
    ScrapeBatchSpec spec,
    int attempt,
    SparkSizing sizing) {

  public ResourceNames names() {
    return new ResourceNames(batchName, batchUid, attempt);
  }

  /** Stable across attempts of one batch instance: the job's idempotence key. */
  public String batchId() {
    return namespace + "/" + batchName + "/" + batchUid;
  }
}
