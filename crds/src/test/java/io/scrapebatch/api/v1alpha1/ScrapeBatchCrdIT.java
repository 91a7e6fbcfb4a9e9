package io.scrapebatch.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The CRD on a real kube-apiserver: installation, samples, defaults and the status subresource. */
@EnableKubeAPIServer
class ScrapeBatchCrdIT {
  static KubernetesClient client;
  static final String NS = "crd-it";
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void installCrd() {
    System.out.println(
        "kube-apiserver under test: " + client.getKubernetesVersion().getGitVersion());
    ScrapeBatchCrd.install(client, Duration.ofSeconds(30));
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .createOr(existing -> existing.update());
  }

  static Stream<Path> samples() throws IOException {
    Path dir = Path.of(System.getProperty("samples.dir", "../deploy/samples"));
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("samples")
  void everySampleIsAcceptedAsWritten(Path sample) throws IOException {
    var resource =
        Serialization.unmarshal(Files.readString(sample), GenericKubernetesResource.class);

    var created = client.resource(resource).inNamespace(NS).create();

    assertThat(created.getMetadata().getUid()).isNotBlank();
    // Nothing pruned: an unknown (misspelt) field would be dropped silently by the API server.
    JsonNode sent = JSON.valueToTree(resource.getAdditionalProperties().get("spec"));
    JsonNode stored = JSON.valueToTree(created.getAdditionalProperties().get("spec"));
    assertThat(missingFrom(stored, sent, "spec")).isEmpty();
    var typed = client.resources(ScrapeBatch.class).inNamespace(NS).withName(name(resource)).get();
    assertThat(typed.getSpec().source().uri()).isEqualTo(sent.at("/source/uri").asText());
    client.resource(created).inNamespace(NS).delete();
  }

  @Test
  void theApiServerFillsInEveryDefaultOfAMinimalBatch() {
    var created = client.resource(minimal("defaults")).create();

    var spec = created.getSpec();
    assertThat(spec.resources().mode()).isEqualTo(ExecutionMode.AUTO);
    assertThat(spec.resources().maxExecutors()).isEqualTo(10);
    assertThat(spec.resources().maxExecutorMemory()).isEqualTo("8Gi");
    assertThat(spec.retry().maxAttempts()).isEqualTo(3);
    assertThat(spec.retry().backoff()).isEqualTo("30s");
    assertThat(spec.timeouts().pending()).isEqualTo("10m");
    assertThat(spec.contract().maxInvalidRatio()).isEqualTo(0.05);
  }

  @Test
  void aStatusPatchLeavesSpecAndGenerationAlone() {
    var created = client.resource(minimal("status-patch")).create();
    long generation = created.getMetadata().getGeneration();

    created.setStatus(Statuses.phaseOnly(Phase.Running, generation));
    var patched = client.resource(created).updateStatus();

    assertThat(patched.getStatus().phase()).isEqualTo(Phase.Running);
    assertThat(patched.getMetadata().getGeneration()).isEqualTo(generation);
    assertThat(patched.getSpec()).isEqualTo(created.getSpec());
  }

  @Test
  void aSpecUpdateBumpsGenerationAndLeavesStatusAlone() {
    var created = client.resource(minimal("spec-update")).create();
    created.setStatus(Statuses.phaseOnly(Phase.Succeeded, created.getMetadata().getGeneration()));
    var withStatus = client.resource(created).updateStatus();

    var edited =
        client
            .resource(withStatus)
            .edit(
                sb -> {
                  sb.setSpec(withRerun(sb.getSpec(), "again"));
                  sb.setStatus(
                      Statuses.phaseOnly(Phase.Failed, 99L)); // ignored on the main resource
                  return sb;
                });

    assertThat(edited.getMetadata().getGeneration())
        .isEqualTo(withStatus.getMetadata().getGeneration() + 1);
    assertThat(edited.getSpec().rerun()).isEqualTo("again");
    assertThat(edited.getStatus().phase()).isEqualTo(Phase.Succeeded);
    assertThat(edited.getStatus().observedGeneration())
        .as("observedGeneration < generation: the operator has not acted on the change yet")
        .isLessThan(edited.getMetadata().getGeneration());
  }

  @Test
  void printerColumnsAreServedInDeclaredOrder() {
    var crd = client.apiextensions().v1().customResourceDefinitions().withName(ScrapeBatchCrd.NAME);
    assertThat(crd.get().getSpec().getVersions().get(0).getAdditionalPrinterColumns())
        .extracting(c -> c.getName())
        .containsExactly("Phase", "Attempt", "Written", "Quarantined", "Age");
  }

  private static ScrapeBatch minimal(String name) {
    return Specs.single("id")
        .maxInvalidRatio(null)
        .source("/data/raw/" + name)
        .target("/data/clean/" + name, "/data/quarantine/" + name, null)
        .batch(name, NS);
  }

  private static ScrapeBatchSpec withRerun(ScrapeBatchSpec s, String rerun) {
    return new ScrapeBatchSpec(
        s.source(),
        s.contract(),
        s.dedup(),
        s.target(),
        s.storage(),
        s.resources(),
        s.retry(),
        s.timeouts(),
        s.ttlSecondsAfterFinished(),
        s.sparkConf(),
        s.image(),
        s.job(),
        rerun);
  }

  /** Paths of {@code expected} whose value {@code actual} lacks or holds differently. */
  private static List<String> missingFrom(JsonNode actual, JsonNode expected, String path) {
    if (expected.isObject()) {
      var missing = new java.util.ArrayList<String>();
      expected
          .fields()
          .forEachRemaining(
              e ->
                  missing.addAll(
                      missingFrom(actual.path(e.getKey()), e.getValue(), path + "." + e.getKey())));
      return missing;
    }
    return expected.equals(actual)
            || (expected.isNumber() && expected.asDouble() == actual.asDouble())
        ? List.of()
        : List.of(path);
  }

  private static String name(GenericKubernetesResource resource) {
    return resource.getMetadata().getName();
  }
}
