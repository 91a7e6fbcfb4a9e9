package io.scrapebatch.operator.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;

/**
 * Informer caches that keep what the operator reads. {@code metadata.managedFields} (one entry per
 * writer, each a tree of every field it set) and kubectl's last-applied copy of the object are the
 * larger part of a cached batch once it has a status, and nothing here reads them. Dropping them
 * from the cache is safe because nothing writes a cached object back whole: status goes out as a
 * JSON diff of the cached object and its new status, in which they are the same on both sides.
 */
public final class LeanCache {
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  /** A store that keeps each object {@link #lean}. */
  public static <R extends HasMetadata> ItemStore<R> itemStore() {
    return new TransformingItemStore<>(LeanCache::lean);
  }

  /** {@code resource} without its managedFields and kubectl's last-applied copy. */
  static <R extends HasMetadata> R lean(R resource) {
    var meta = resource.getMetadata();
    meta.setManagedFields(null);
    if (meta.getAnnotations() != null) {
      meta.getAnnotations().remove(LAST_APPLIED);
    }
    return resource;
  }

  private LeanCache() {}
}
