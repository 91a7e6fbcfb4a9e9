package io.scrapebatch.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * kustomize and helm (built from their Go modules by deploy/hack/build-tools.sh, cached), and the
 * kubectl `make control-plane` builds beside kube-apiserver.
 */
final class Tools {
  private static Path dir;

  static synchronized Path dir() {
    if (dir == null) {
      String configured = System.getProperty("deploy.tools.dir", "");
      if (!configured.isBlank()) {
        dir = Path.of(configured);
      } else {
        // Prints the cached directory at once; builds the tools first only on a fresh machine.
        var built = Command.run(List.of("bash", Repo.deploy("hack/build-tools.sh").toString()));
        dir = Path.of(built.ok().strip().lines().reduce((a, b) -> b).orElseThrow());
      }
    }
    return dir;
  }

  static String kustomize() {
    return executable(dir().resolve("kustomize"));
  }

  static String helm() {
    return executable(dir().resolve("helm"));
  }

  static String kubectl() {
    String version = System.getProperty("kube.apiserver.version", "1.35.4");
    String base =
        System.getenv()
            .getOrDefault("KUBE_API_TEST_DIR", System.getProperty("user.home") + "/.kubeapitest");
    return executable(Path.of(base, "k8s", version + "-linux-amd64", "kubectl"));
  }

  /** A CRD file of Argo CD (fetched from its Go module by build-tools.sh). */
  static Path argoCdCrd(String file) {
    Path crd = dir().resolve("argocd").resolve(file);
    if (!Files.isRegularFile(crd)) {
      throw new IllegalStateException(crd + " is missing: run `make deploy-tools`");
    }
    return crd;
  }

  /** `kustomize build` of a folder under deploy/. */
  static String kustomizeBuild(String folder) {
    return Command.run(List.of(kustomize(), "build", Repo.deploy(folder).toString())).ok();
  }

  /** `helm template` of the chart with extra arguments (values files, --set). */
  static String helmTemplate(String release, String namespace, String... extra) {
    var args =
        new ArrayList<>(
            List.of(
                helm(),
                "template",
                release,
                Repo.deploy("helm/scrapebatch-operator").toString(),
                "--namespace",
                namespace,
                "--include-crds"));
    args.addAll(List.of(extra));
    return Command.run(args).ok();
  }

  private static String executable(Path file) {
    if (!Files.isExecutable(file)) {
      throw new IllegalStateException(
          file
              + " is missing: run `make deploy-tools` (kustomize, helm) and `make control-plane` (kubectl)");
    }
    return file.toString();
  }

  private Tools() {}
}
