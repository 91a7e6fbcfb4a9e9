package io.scrapebatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every manifest the repository ships, rendered by the real kustomize and helm and applied to a
 * real API server with server-side apply, server dry-run and strict field validation: schema,
 * admission (Pod Security included) and CRD validation run, an unknown field fails.
 */
@EnableKubeAPIServer
class ManifestsIT {
  static final String BATCHES = "team-scrapes";
  static KubernetesClient client;
  static Kubectl kubectl;

  @TempDir static Path tmp;

  @BeforeAll
  static void prepare() {
    kubectl = Kubectl.forClient(client.getConfiguration(), tmp);
    // Installed as a user would (server-side apply of the committed file), so that applying the
    // manifests that carry it again conflicts with no other field manager.
    kubectl.apply(Repo.read(Repo.root("crds/scrapebatches.scrapebatch.io-v1.yml"))).ok();
    // A server dry-run creates nothing: the namespaces the manifests put objects into must exist.
    for (String ns :
        List.of(
            "scrapebatch-system",
            "scrapebatch-dev",
            "scrapebatch-e2e",
            "team-a",
            "team-b",
            BATCHES,
            "data-platform",
            "argocd")) {
      // Labelled as the manifests label namespaces: pod templates that break the "restricted" Pod
      // Security Standard come back as warnings, which fail the checks below.
      client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(ns)
                  .withLabels(
                      Map.of(
                          "pod-security.kubernetes.io/enforce", "restricted",
                          "pod-security.kubernetes.io/warn", "restricted"))
                  .endMetadata()
                  .build())
          .create();
    }
    for (String crd : List.of("application-crd.yaml", "appproject-crd.yaml")) {
      kubectl.apply(Repo.read(Tools.argoCdCrd(crd))).ok();
    }
    kubectl
        .run("wait", "--for=condition=Established", "--timeout=30s", "crd/applications.argoproj.io")
        .ok();
  }

  record Render(String name, String manifests, List<String> kubectlArgs) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Render> renders() {
    return List.of(
        kustomize("base"),
        kustomize("overlays/dev"),
        kustomize("overlays/production"),
        kustomize("overlays/kind"),
        kustomize("argocd/operator"),
        kustomize("argocd/batches"),
        new Render(
            "batch-namespace -n team-a",
            Tools.kustomizeBuild("batch-namespace"),
            List.of("-n", "team-a")),
        new Render(
            "helm defaults",
            Tools.helmTemplate("scrapebatch-operator", "scrapebatch-system"),
            List.of()),
        new Render(
            "helm ci/production-values.yaml",
            Tools.helmTemplate(
                "scrapebatch-operator",
                "scrapebatch-system",
                "-f",
                Repo.deploy("helm/scrapebatch-operator/ci/production-values.yaml").toString()),
            List.of()),
        new Render(
            "helm release sb in data-platform, driver RBAC in team-scrapes",
            Tools.helmTemplate(
                "sb", "data-platform", "--set", "driver.rbac.namespaces={" + BATCHES + "}"),
            List.of()),
        file("argocd/operator-application.yaml"),
        file("argocd/operator-application-helm.yaml"),
        file("argocd/batches-application.yaml"),
        file("argocd/argocd-cm-health.yaml"),
        sample("minimal.yaml"),
        sample("products-local.yaml"),
        sample("products-s3.yaml"),
        sample("kind-shared-volume.yaml"));
  }

  static Render kustomize(String folder) {
    return new Render("kustomize " + folder, Tools.kustomizeBuild(folder), List.of());
  }

  static Render file(String path) {
    return new Render(path, Repo.read(Repo.deploy(path)), List.of());
  }

  static Render sample(String file) {
    return new Render(
        "samples/" + file, Repo.read(Repo.deploy("samples/" + file)), List.of("-n", BATCHES));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renders")
  void isAcceptedByTheApiServerWithStrictFieldValidation(Render render) {
    var docs = Yaml.documents(render.manifests());
    assertThat(docs).as("documents in " + render).isNotEmpty();

    var result =
        kubectl.applyDryRun(render.manifests(), render.kubectlArgs().toArray(String[]::new));

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.stderr()).as("warnings").doesNotContainIgnoringCase("warning");
    var applied =
        result
            .stdout()
            .lines()
            .filter(l -> l.endsWith("serverside-applied (server dry run)"))
            .toList();
    assertThat(applied).as(result.stdout()).hasSize(docs.size());
  }

  @Test
  void anUnknownFieldIsRejectedSoTheCheckCanFail() {
    var render =
        Tools.kustomizeBuild("overlays/production")
            .replace("readOnlyRootFilesystem: true", "readOnlyRootFileSystem: true");

    var result = kubectl.applyDryRun(render);

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr())
        .contains("field not declared in schema")
        .contains("readOnlyRootFileSystem");
  }

  @Test
  void aPodTemplateThatBreaksTheRestrictedPodSecurityStandardIsReported() {
    var render =
        Tools.kustomizeBuild("overlays/production")
            .replace("allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true");

    var result = kubectl.applyDryRun(render);

    assertThat(result.stderr())
        .contains("would violate PodSecurity \"restricted:latest\"")
        .contains("allowPrivilegeEscalation != false");
  }

  /**
   * The Argo CD testdata are real statuses: each is written through the status subresource with
   * strict validation and reads back unchanged (nothing pruned as unknown).
   */
  @Test
  void everyHealthCheckStatusIsAValidScrapeBatchStatus() throws IOException {
    Path dir = ArgoCdHealthCheckTest.DIR.resolve("testdata");
    List<Path> files;
    try (var list = Files.list(dir)) {
      files = list.sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(5);
    for (Path file : files) {
      var doc = Yaml.document(Repo.read(file));
      String name = file.getFileName().toString().replace(".yaml", "");
      Map<String, Object> metadata = new HashMap<>();
      metadata.put("name", name);
      metadata.put("namespace", BATCHES);
      var batch = new HashMap<String, Object>(doc);
      batch.put("metadata", metadata);
      batch.remove("status");
      kubectl.apply(Yaml.write(batch)).ok();
      Map<String, Object> status = Yaml.at(doc, "status");
      if (status == null) {
        continue;
      }
      var statusOnly =
          Map.of(
              "apiVersion",
              doc.get("apiVersion"),
              "kind",
              doc.get("kind"),
              "metadata",
              metadata,
              "status",
              status);

      kubectl.apply(Yaml.write(statusOnly), "--subresource=status").ok();

      var live =
          Yaml.document(kubectl.run("get", "scrapebatch", name, "-n", BATCHES, "-o", "yaml").ok());
      assertThat(Yaml.<Object>at(live, "status"))
          .as(file.getFileName().toString())
          .isEqualTo(status);
    }
  }

  @Test
  void aStatusFieldTheCrdDoesNotKnowIsRejected() {
    kubectl.apply(Repo.read(Repo.deploy("samples/minimal.yaml")), "-n", BATCHES).ok();
    var status =
        """
        apiVersion: scrapebatch.io/v1alpha1
        kind: ScrapeBatch
        metadata: {name: listings-minimal, namespace: %s}
        status: {phase: Running, observedGeneration: 1, progres: {step: dedup}}
        """
            .formatted(BATCHES);

    var result = kubectl.apply(status, "--subresource=status");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.stderr()).contains("field not declared in schema").contains("progres");
  }
}
