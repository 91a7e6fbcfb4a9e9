package io.scrapebatch.e2e.cluster;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.scrapebatch.testing.kubeapi.MidnightStartGuard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real control plane on this machine: etcd and kube-apiserver (through fabric8 kube-api-test)
 * plus kube-controller-manager for garbage collection, namespace deletion and default service
 * accounts, so owner references and namespaces behave as in a cluster. The binaries are those
 * {@code make control-plane} builds from their Go modules.
 */
public final class LocalControlPlane implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalControlPlane.class);
  public static final String VERSION = System.getProperty("kube.apiserver.version", "1.35.4");

  private final KubeAPIServer apiServer;
  private final Path workDir;
  private final Path kubeconfig;
  private final Process controllerManager;
  private final KubernetesClient client;

  private LocalControlPlane(
      KubeAPIServer apiServer, Path workDir, Path kubeconfig, Process controllerManager) {
    this.apiServer = apiServer;
    this.workDir = workDir;
    this.kubeconfig = kubeconfig;
    this.controllerManager = controllerManager;
    this.client =
        new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(read(kubeconfig))).build();
  }

  public static LocalControlPlane start(Path workDir) {
    try {
      Files.createDirectories(workDir);
      MidnightStartGuard.forKubeApiTest().awaitSafeStart();
      var apiServer =
          new KubeAPIServer(
              KubeAPIServerConfigBuilder.anAPIServerConfig()
                  .withApiServerVersion(VERSION)
                  // The process kubelet's Hostname address does not resolve; reach it by its IP.
                  .withApiServerFlag("--kubelet-preferred-address-types", "InternalIP")
                  .build());
      apiServer.start();
      Path kubeconfig = workDir.resolve("kubeconfig");
      Files.writeString(kubeconfig, apiServer.getKubeConfigYaml());
      Process kcm = startControllerManager(workDir, kubeconfig);
      var plane = new LocalControlPlane(apiServer, workDir, kubeconfig, kcm);
      LOG.info(
          "control plane up: kube-apiserver {} at {}",
          plane.client.getKubernetesVersion().getGitVersion(),
          plane.masterUrl());
      return plane;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted before starting the API server", e);
    }
  }

  private static Process startControllerManager(Path workDir, Path kubeconfig) throws IOException {
    Path binary = binaries().resolve("kube-controller-manager");
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(binary + " is missing: run `make control-plane`");
    }
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.add("--kubeconfig=" + kubeconfig);
    command.add("--controllers=garbagecollector,namespace,serviceaccount");
    command.add("--leader-elect=false");
    command.add("--secure-port=0");
    command.add("--authentication-skip-lookup=true");
    Path log = workDir.resolve("kube-controller-manager.log");
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Where kube-api-test keeps the binaries of {@link #VERSION}. */
  public static Path binaries() {
    String dir =
        System.getenv()
            .getOrDefault(
                KubeAPIServerConfigBuilder.KUBE_API_TEST_DIR,
                Path.of(System.getProperty("user.home"), KubeAPIServerConfigBuilder.DIRECTORY_NAME)
                    .toString());
    return Path.of(dir, "k8s", VERSION + "-linux-amd64");
  }

  /** The directory holding kube-api-test's certificates (the service-account key among them). */
  public static Path certificates() {
    return binaries().getParent().getParent();
  }

  public KubernetesClient client() {
    return client;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public Path workDir() {
    return workDir;
  }

  public String masterUrl() {
    return client.getConfiguration().getMasterUrl().replaceAll("/$", "");
  }

  public int port() {
    return URI.create(masterUrl()).getPort();
  }

  /** The API server's serving certificate: what pods trust as {@code ca.crt}. */
  public Path caCertificate() {
    return certificates().resolve("apiserver.crt");
  }

  @Override
  public void close() {
    client.close();
    controllerManager.destroy();
    try {
      if (!controllerManager.waitFor(10, TimeUnit.SECONDS)) {
        controllerManager.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    apiServer.stop();
  }

  /** Waits until the controller manager's garbage collector and namespace controller run. */
  public void awaitControllers(Duration timeout) {
    Path log = workDir.resolve("kube-controller-manager.log");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!controllerManager.isAlive()) {
        throw new IllegalStateException("kube-controller-manager exited; see " + log);
      }
      if (read(log).contains("Proceeding to collect garbage")) {
        return;
      }
      sleep(200);
    }
    throw new IllegalStateException(
        "kube-controller-manager not ready in " + timeout + "; see " + log);
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
