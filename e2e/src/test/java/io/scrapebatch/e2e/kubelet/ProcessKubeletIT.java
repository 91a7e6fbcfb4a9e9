package io.scrapebatch.e2e.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scrapebatch.e2e.cluster.LocalControlPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The process kubelet on the local control plane, running small Java programs as pods. */
class ProcessKubeletIT {
  static final String NS = "kubelet-it";
  static final String IMAGE = "process-kubelet/java";
  static LocalControlPlane plane;
  static ProcessKubelet kubelet;
  static KubernetesClient client;

  /** An "image" whose entrypoint is this JVM's java with the test classpath. */
  static final ImageRuntime JAVA =
      image ->
          image.equals(IMAGE)
              ? new ImageConfig(
                  List.of(
                      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                      "-Xmx64m",
                      "-cp",
                      System.getProperty("java.class.path"),
                      ContainerProgram.class.getName()),
                  List.of(),
                  Map.of(),
                  List.of(),
                  List.of(),
                  "/")
              : null;

  @BeforeAll
  static void start() throws Exception {
    Path work = Files.createTempDirectory("kubelet-it");
    plane = LocalControlPlane.start(work.resolve("control-plane"));
    client = plane.client();
    plane.awaitControllers(Duration.ofSeconds(60));
    kubelet =
        new ProcessKubelet(
                client,
                new KubeletConfig(
                    "process-node",
                    work.resolve("kubelet"),
                    List.of(JAVA),
                    plane.caCertificate(),
                    plane.port(),
                    Optional.empty()))
            .start();
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> client.serviceAccounts().inNamespace(NS).withName("default").get() != null);
  }

  @AfterAll
  static void stop() {
    kubelet.close();
    plane.close();
  }

  @Test
  void aPodSeesItsEnvironmentVolumesIdentityAndServiceAccountAtTheirContainerPaths() {
    client
        .configMaps()
        .inNamespace(NS)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("settings")
                .endMetadata()
                .addToData("greeting", "hello from a configmap")
                .build())
        .create();
    var pod =
        pod(
                "observer",
                "observe",
                "POD_IP",
                "POD_NAME",
                "MEMORY_LIMIT",
                "FROM_CM",
                "KUBERNETES_SERVICE_HOST",
                "--files",
                "/etc/settings/greeting",
                "/var/run/secrets/kubernetes.io/serviceaccount/namespace",
                "/etc/podinfo/labels")
            .editSpec()
            .editFirstContainer()
            .addNewEnv()
            .withName("POD_IP")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("status.podIP")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("POD_NAME")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.name")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("MEMORY_LIMIT")
            .withNewValueFrom()
            .withNewResourceFieldRef()
            .withResource("limits.memory")
            .withDivisor(new Quantity("1Mi"))
            .endResourceFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("FROM_CM")
            .withNewValueFrom()
            .withNewConfigMapKeyRef()
            .withName("settings")
            .withKey("greeting")
            .endConfigMapKeyRef()
            .endValueFrom()
            .endEnv()
            .addNewVolumeMount()
            .withName("settings")
            .withMountPath("/etc/settings")
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("podinfo")
            .withMountPath("/etc/podinfo")
            .endVolumeMount()
            .endContainer()
            .addNewVolume()
            .withName("settings")
            .withNewConfigMap()
            .withName("settings")
            .endConfigMap()
            .endVolume()
            .addNewVolume()
            .withName("podinfo")
            .withNewDownwardAPI()
            .addNewItem()
            .withPath("labels")
            .withNewFieldRef()
            .withFieldPath("metadata.labels['app']")
            .endFieldRef()
            .endItem()
            .endDownwardAPI()
            .endVolume()
            .endSpec()
            .build();

    var done = runToEnd(pod);

    var status = done.getStatus();
    assertThat(status.getPhase()).isEqualTo("Succeeded");
    String ip = status.getPodIP();
    assertThat(ip).startsWith("127.1.");
    assertThat(message(done).lines().toList())
        .contains(
            "POD_IP=" + ip,
            "POD_NAME=observer",
            "MEMORY_LIMIT=256",
            "FROM_CM=hello from a configmap",
            "KUBERNETES_SERVICE_HOST=127.0.0.1",
            "/etc/settings/greeting=hello from a configmap",
            "/var/run/secrets/kubernetes.io/serviceaccount/namespace=" + NS,
            "/etc/podinfo/labels=kubelet-test",
            "hostname=observer");
    assertThat(done.getSpec().getNodeName()).isEqualTo("process-node");
  }

  @Test
  void aContainerOverItsMemoryLimitIsOomKilledWithExitCode137() {
    var pod =
        pod("hungry", "allocate", "400")
            .editSpec()
            .editFirstContainer()
            .withCommand(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1g",
                    "-cp",
                    System.getProperty("java.class.path"),
                    ContainerProgram.class.getName()))
            .endContainer()
            .endSpec()
            .build();

    var done = runToEnd(pod);

    var terminated = done.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(done.getStatus().getPhase()).isEqualTo("Failed");
    assertThat(terminated.getReason()).isEqualTo("OOMKilled");
    assertThat(terminated.getExitCode()).isEqualTo(137);
  }

  @Test
  void aFailingContainerReportsItsExitCodeAndLogTailAsTheTerminationMessage() {
    var done =
        runToEnd(pod("crashing", "exit", "3", "java.lang.IllegalStateException: boom").build());

    var terminated = done.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(done.getStatus().getPhase()).isEqualTo("Failed");
    assertThat(terminated.getExitCode()).isEqualTo(3);
    assertThat(terminated.getReason()).isEqualTo("Error");
    assertThat(terminated.getMessage()).contains("java.lang.IllegalStateException: boom");
    assertThat(kubelet.logOf(NS, "crashing"))
        .get()
        .satisfies(log -> assertThat(Files.readString(log)).contains("boom"));
  }

  @Test
  void aServiceNameResolvesToTheIpOfThePodItSelects() {
    client
        .pods()
        .inNamespace(NS)
        .resource(
            pod("target", "sleep", "60")
                .editMetadata()
                .addToLabels("role", "target")
                .endMetadata()
                .build())
        .create();
    client
        .services()
        .inNamespace(NS)
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("target-svc")
                .endMetadata()
                .withNewSpec()
                .withClusterIP("None")
                .addToSelector("role", "target")
                .addNewPort()
                .withPort(7078)
                .endPort()
                .endSpec()
                .build())
        .create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                "Running"
                    .equals(
                        client
                            .pods()
                            .inNamespace(NS)
                            .withName("target")
                            .get()
                            .getStatus()
                            .getPhase()));
    String targetIp = client.pods().inNamespace(NS).withName("target").get().getStatus().getPodIP();

    var done = runToEnd(pod("resolver", "resolve", "target-svc." + NS + ".svc").build());

    assertThat(message(done)).isEqualTo(targetIp);
  }

  @Test
  void aDeletedPodIsStoppedWithinItsGracePeriodAndRemoved() {
    client
        .pods()
        .inNamespace(NS)
        .resource(
            pod("sleeper", "sleep", "600")
                .editSpec()
                .withTerminationGracePeriodSeconds(2L)
                .endSpec()
                .build())
        .create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                "Running"
                    .equals(
                        client
                            .pods()
                            .inNamespace(NS)
                            .withName("sleeper")
                            .get()
                            .getStatus()
                            .getPhase()));

    client.pods().inNamespace(NS).withName("sleeper").delete();

    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> client.pods().inNamespace(NS).withName("sleeper").get() == null);
  }

  @Test
  void theGarbageCollectorRemovesPodsWhoseOwnerIsDeleted() {
    var owner =
        client
            .configMaps()
            .inNamespace(NS)
            .resource(
                new ConfigMapBuilder().withNewMetadata().withName("owner").endMetadata().build())
            .create();
    var owned =
        pod("owned", "sleep", "600")
            .editMetadata()
            .addNewOwnerReference()
            .withApiVersion("v1")
            .withKind("ConfigMap")
            .withName("owner")
            .withUid(owner.getMetadata().getUid())
            .endOwnerReference()
            .endMetadata()
            .editSpec()
            .withTerminationGracePeriodSeconds(1L)
            .endSpec()
            .build();
    client.pods().inNamespace(NS).resource(owned).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                "Running"
                    .equals(
                        client
                            .pods()
                            .inNamespace(NS)
                            .withName("owned")
                            .get()
                            .getStatus()
                            .getPhase()));

    client.configMaps().inNamespace(NS).withName("owner").delete();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> client.pods().inNamespace(NS).withName("owned").get() == null);
  }

  @Test
  void kubectlLogsReadsAContainersOutputThroughTheApiServer() throws Exception {
    runToEnd(pod("counter", "count", "5", "0").build());
    var pod = client.pods().inNamespace(NS).withName("counter");

    assertThat(pod.getLog()).isEqualTo("line 1\nline 2\nline 3\nline 4\nline 5\n");
    assertThat(pod.tailingLines(2).getLog()).isEqualTo("line 4\nline 5\n");
    assertThat(pod.limitBytes(9).getLog()).isEqualTo("line 1\nli");
    assertThat(kubectl("logs", "-n", NS, "counter", "--tail=1")).isEqualTo("line 5\n");
  }

  @Test
  void followingALogStreamsLinesAsTheyAreWrittenAndEndsWhenTheContainerExits() throws Exception {
    client.pods().inNamespace(NS).resource(pod("ticker", "count", "20", "100").build()).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Files.exists(kubelet.logOf(NS, "ticker").orElse(Path.of("/nonexistent"))));

    String followed = kubectl("logs", "-n", NS, "ticker", "--follow");

    assertThat(followed.lines()).hasSize(20).startsWith("line 1").endsWith("line 20");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                "Succeeded"
                    .equals(
                        client
                            .pods()
                            .inNamespace(NS)
                            .withName("ticker")
                            .get()
                            .getStatus()
                            .getPhase()));
  }

  @Test
  void logOptionsTheKubeletCannotHonourAreRefusedWithTheReason() throws Exception {
    runToEnd(pod("quiet", "count", "1", "0").build());

    assertThat(kubectlFailing("logs", "-n", NS, "quiet", "--previous"))
        .contains("never restarts containers");
    assertThat(kubectlFailing("logs", "-n", NS, "quiet", "--timestamps"))
        .contains("records no log timestamps");
    assertThat(kubectlFailing("logs", "-n", NS, "quiet", "-c", "sidecar"))
        .contains("container sidecar is not valid for pod quiet");
  }

  /** Runs the control plane's kubectl; returns its stdout, failing the test on a non-zero exit. */
  private static String kubectl(String... args) throws Exception {
    var result = runKubectl(args);
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    return result.stdout();
  }

  private static String kubectlFailing(String... args) throws Exception {
    var result = runKubectl(args);
    assertThat(result.exitCode()).as(result.stdout()).isNotZero();
    return result.stderr();
  }

  private record KubectlResult(int exitCode, String stdout, String stderr) {}

  private static KubectlResult runKubectl(String... args) throws Exception {
    var command = new java.util.ArrayList<String>();
    command.add(LocalControlPlane.binaries().resolve("kubectl").toString());
    command.add("--kubeconfig=" + plane.kubeconfig());
    command.addAll(List.of(args));
    Path err = Files.createTempFile("kubectl", ".err");
    Process process = new ProcessBuilder(command).redirectError(err.toFile()).start();
    String out = new String(process.getInputStream().readAllBytes());
    int exit = process.waitFor();
    return new KubectlResult(exit, out, Files.readString(err));
  }

  private static PodBuilder pod(String name, String... args) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .addToLabels("app", "kubelet-test")
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("main")
        .withImage(IMAGE)
        .withArgs(args)
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .withNewResources()
        .addToLimits("memory", new Quantity("256Mi"))
        .endResources()
        .endContainer()
        .endSpec();
  }

  private static Pod runToEnd(Pod pod) {
    client.pods().inNamespace(NS).resource(pod).create();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              var current =
                  client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).get();
              String phase = current.getStatus() == null ? null : current.getStatus().getPhase();
              return "Succeeded".equals(phase) || "Failed".equals(phase);
            });
    return client.pods().inNamespace(NS).withName(pod.getMetadata().getName()).get();
  }

  private static String message(Pod pod) {
    return pod.getStatus().getContainerStatuses().get(0).getState().getTerminated().getMessage();
  }
}
