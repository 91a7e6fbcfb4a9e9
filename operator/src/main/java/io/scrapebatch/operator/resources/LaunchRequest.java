package io.scrapebatch.operator.resources;

import io.scrapebatch.api.v1alpha1.ScrapeBatchSpec;
import io.scrapebatch.operator.policy.ResourceNames;
import io.scrapebatch.operator.policy.SparkSizing;
import java.util.Optional;

/**
 * One attempt of one batch, as the driver builder needs it.
 *
 * @param objectStore how its pods reach object storage; empty when no location is in one
 */
public record LaunchRequest(
    String namespace,
    String batchName,
    String batchUid,
    ScrapeBatchSpec spec,
    int attempt,
    SparkSizing sizing,
    Optional<ObjectStoreAccess> objectStore) {

  public ResourceNames names() {
    return new ResourceNames(batchName, batchUid, attempt);
  }

  /** Stable across attempts of one batch instance: the job's idempotence key. */
  public String batchId() {
    return namespace + "/" + batchName + "/" + batchUid;
  }
}
