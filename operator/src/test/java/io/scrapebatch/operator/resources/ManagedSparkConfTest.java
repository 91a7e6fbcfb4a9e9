package io.scrapebatch.operator.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.v1alpha1.ManagedSparkConf;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The list the API server rejects in {@code spec.sparkConf} is exactly what the operator sets: a
 * key it sets but does not list could be set by a user and silently overwritten; a key it lists but
 * no longer sets rejects batches for nothing.
 */
class ManagedSparkConfTest {
  private static LaunchRequest request(long inputBytes, Optional<ObjectStoreAccess> store) {
    return new LaunchRequest(
        "scrapes",
        "products",
        DriverResourcesBuilderTest.UID,
        DriverResourcesBuilderTest.spec(Map.of()),
        1,
        DriverResourcesBuilderTest.sizing(inputBytes),
        store);
  }

  @Test
  void theManagedKeysAreExactlyTheKeysTheOperatorSetsInLocalClusterAndObjectStoreBatches() {
    var local = request(1L << 20, Optional.empty());
    var cluster = request(10L << 30, Optional.empty());
    var s3 =
        request(
            10L << 30,
            Optional.of(
                new ObjectStoreAccess(DriverResourcesBuilderTest.S3_WITH_SECRET.settings(), true)));
    var confs = new SparkConfFactory(DriverResourcesBuilderTest.SETTINGS);
    var set = new TreeSet<String>();
    for (var request : new LaunchRequest[] {local, cluster, s3}) {
      set.addAll(confs.properties(request).keySet());
      set.addAll(confs.runtimeProperties(request).keySet());
    }

    assertThat(set).containsExactlyInAnyOrderElementsOf(ManagedSparkConf.KEYS);
  }
}
