package io.scrapebatch.api.v1alpha1;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The committed ScrapeBatch CRD, shipped in this jar, and how to install it. */
public final class ScrapeBatchCrd {
  public static final String NAME = "scrapebatches.scrapebatch.io";
  static final String RESOURCE = "/META-INF/scrapebatch/scrapebatches.scrapebatch.io-v1.yml";

  /** The CRD exactly as committed under {@code crds/}. */
  public static CustomResourceDefinition definition() {
    try (InputStream in = ScrapeBatchCrd.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates or updates the CRD (server-side apply) and waits until the API server serves it. */
  public static void install(KubernetesClient client, Duration timeout) {
    client.resource(definition()).forceConflicts().serverSideApply();
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(NAME)
        .waitUntilCondition(
            crd ->
                crd != null
                    && crd.getStatus() != null
                    && crd.getStatus().getConditions() != null
                    && crd.getStatus().getConditions().stream()
                        .anyMatch(
                            c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())),
            timeout.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  private ScrapeBatchCrd() {}
}
