package io.scrapebatch.operator.policy;

import io.scrapebatch.api.v1alpha1.Storage;
import java.util.Optional;

/**
 * How one batch reaches object storage: the batch's {@code spec.storage} over the operator's
 * settings of the same names.
 *
 * @param endpoint empty: AWS's endpoint for the region
 * @param credentialsSecret a Secret in the batch's namespace with the standard AWS keys; empty: the
 *     default AWS credential chain
 */
public record StorageSettings(
    Optional<String> endpoint,
    String region,
    boolean pathStyleAccess,
    Optional<String> credentialsSecret) {

  /** {@code spec} where it says something, else these (the operator's) settings. */
  public StorageSettings over(Storage spec) {
    Storage s = spec != null ? spec : Storage.UNSET;
    return new StorageSettings(
        Optional.ofNullable(s.endpoint()).map(e -> e.replaceAll("/$", "")).or(() -> endpoint),
        Optional.ofNullable(s.region()).orElse(region),
        Optional.ofNullable(s.pathStyleAccess()).orElse(pathStyleAccess),
        Optional.ofNullable(s.credentialsSecret()).or(() -> credentialsSecret));
  }
}
