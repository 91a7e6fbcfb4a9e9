package io.scrapebatch.operator.it;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scrapebatch.api.v1alpha1.ExecutionMode;
import io.scrapebatch.api.v1alpha1.Resources;
import io.scrapebatch.api.v1alpha1.RetrySpec;
import io.scrapebatch.api.v1alpha1.ScrapeBatch;
import io.scrapebatch.api.v1alpha1.ScrapeBatchCrd;
import io.scrapebatch.api.v1alpha1.Specs;
import io.scrapebatch.operator.app.OperatorApp;
import io.scrapebatch.operator.app.OperatorSettings;
import io.scrapebatch.operator.policy.SizingRules;
import io.scrapebatch.operator.policy.StorageSettings;
import io.scrapebatch.operator.resources.DriverSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Starts the real operator against the test's API server, watching one namespace. */
final class OperatorHarness {
  static OperatorApp start(KubernetesClient client, String namespace) {
    return start(client, namespace, Optional.empty(), "operator-it");
  }

  static OperatorApp start(
      KubernetesClient client,
      String namespace,
      Optional<OperatorSettings.LeaderElection> leaderElection,
      String identity) {
    var settings =
        new OperatorSettings(
            Set.of(namespace),
            4,
            new DriverSettings(
                "ghcr.io/scrapebatch/scrapebatch-etl-job:test",
                "IfNotPresent",
                "scrapebatch-driver",
                "https://kubernetes.default.svc",
                "io.scrapebatch.etl.ScrapeBatchJob",
                Optional.empty()),
            SizingRules.defaults(),
            5.0,
            new StorageSettings(Optional.empty(), "us-east-1", true, Optional.empty()),
            namespace,
            0,
            leaderElection,
            identity);
    return OperatorApp.start(settings, client, Clock.systemUTC());
  }

  static void prepare(KubernetesClient client, String namespace) {
    ScrapeBatchCrd.install(client, Duration.ofSeconds(30));
    client
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
  }

  /** A JSONL input of {@code bytes} bytes in a fresh folder. */
  static Path input(long bytes) {
    try {
      Path dir = Files.createTempDirectory("scrapebatch-it");
      Files.write(dir.resolve("part-0000.jsonl"), new byte[(int) bytes]);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ScrapeBatch batch(
      String name, String namespace, Path input, ExecutionMode mode, int maxAttempts) {
    return Specs.single("url")
        .source(input.toUri().toString())
        .target("/data/clean/" + name, "/data/quarantine/" + name, null)
        .resources(new Resources(mode, null, 4, 2, "8Gi", "4Gi", null, null))
        .retry(new RetrySpec(maxAttempts, "200ms", "1s", 1.5))
        .batch(name, namespace);
  }

  private OperatorHarness() {}
}
