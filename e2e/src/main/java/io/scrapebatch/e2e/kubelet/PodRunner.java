package io.scrapebatch.e2e.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one pod from binding to its end, reporting every step in the pod's status. */
final class PodRunner implements Runnable, ContainerLogServer.ContainerLog {
  private static final Logger LOG = LoggerFactory.getLogger(PodRunner.class);
  private static final Duration MISSING_OBJECT_PATIENCE = Duration.ofMinutes(2);
  private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private final KubernetesClient client;
  private final KubeletConfig config;
  private final Pod pod;
  private final IpPool ips;
  private final Volumes volumes;
  private final EnvResolver env;
  private final ClusterDns dns;
  private final Path podDir;
  private final Instant start = Instant.now();
  private volatile ContainerProcess process;
  private volatile Long deletionGraceSeconds;

  PodRunner(KubernetesClient client, KubeletConfig config, Pod pod, IpPool ips) {
    this.client = client;
    this.config = config;
    this.pod = pod;
    this.ips = ips;
    this.volumes = new Volumes(client, config.caCertificate());
    this.env = new EnvResolver(client);
    this.dns = new ClusterDns(client);
    var meta = pod.getMetadata();
    this.podDir =
        config
            .workDir()
            .resolve("pods")
            .resolve(meta.getNamespace() + "_" + meta.getName() + "_" + meta.getUid());
  }

  boolean runs(String namespace, String name) {
    var meta = pod.getMetadata();
    return meta.getNamespace().equals(namespace) && meta.getName().equals(name);
  }

  @Override
  public String containerName() {
    return pod.getSpec().getContainers().get(0).getName();
  }

  @Override
  public Path logFile() {
    return podDir.resolve(containerName() + ".log");
  }

  @Override
  public boolean containerRunning() {
    var running = process;
    return running != null && running.alive();
  }

  /** The API server marked the pod for deletion: stop it within its grace period. */
  void delete(long graceSeconds) {
    if (deletionGraceSeconds != null) {
      return;
    }
    deletionGraceSeconds = graceSeconds;
    var running = process;
    if (running == null) {
      return;
    }
    running.terminate();
    Thread killer =
        new Thread(
            () -> {
              try {
                Thread.sleep(Math.max(0, graceSeconds) * 1000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              if (running.alive()) {
                running.kill();
              }
            },
            "grace-" + pod.getMetadata().getName());
    killer.setDaemon(true);
    killer.start();
  }

  @Override
  public void run() {
    String ip = ips.allocate();
    try {
      pod.setStatus(PodStatuses.creating(pod, ip, start, "ContainerCreating", null));
      if (config.instantCompletion().isPresent()) {
        completeAtOnce(ip);
        return;
      }
      report(pod.getStatus());
      if (pod.getSpec().getContainers().size() != 1
          || nonEmpty(pod.getSpec().getInitContainers())) {
        report(
            PodStatuses.rejected(
                pod,
                start,
                "UnsupportedPod",
                "the process kubelet runs pods with exactly one container and no init containers"));
        return;
      }
      runContainer(ip);
    } catch (Volumes.UnsupportedVolumeException e) {
      report(PodStatuses.rejected(pod, start, "UnsupportedVolume", e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.error(
          "pod {}/{} failed in the kubelet",
          pod.getMetadata().getNamespace(),
          pod.getMetadata().getName(),
          e);
      report(PodStatuses.rejected(pod, start, "KubeletError", e.toString()));
    } finally {
      ips.release(ip);
      if (deletionGraceSeconds != null) {
        finalizeDeletion();
      }
    }
  }

  private void runContainer(String ip) throws IOException, InterruptedException {
    Container container = pod.getSpec().getContainers().get(0);
    ImageConfig image = image(container.getImage());
    if (image == null) {
      report(
          PodStatuses.creating(
              pod,
              ip,
              start,
              "ErrImagePull",
              "image " + container.getImage() + " is not provided by the process kubelet"));
      return;
    }
    Map<String, Path> volumeDirs = materializeVolumes(ip);
    if (volumeDirs == null || deletionGraceSeconds != null) {
      return;
    }
    List<Mount> mounts = new ArrayList<>(image.filesystem());
    for (String writable : image.writablePaths()) {
      Path dir =
          Files.createDirectories(podDir.resolve("rootfs").resolve(writable.replaceAll("^/", "")));
      mounts.add(new Mount(dir, writable, false));
    }
    for (var vm : Optional.ofNullable(container.getVolumeMounts()).orElse(List.of())) {
      Path source = volumeDirs.get(vm.getName());
      if (vm.getSubPath() != null && !vm.getSubPath().isEmpty()) {
        source = source.resolve(vm.getSubPath());
      }
      mounts.add(new Mount(source, vm.getMountPath(), Boolean.TRUE.equals(vm.getReadOnly())));
    }
    if (mounts.stream().noneMatch(m -> m.target().equals(Volumes.SERVICE_ACCOUNT_DIR))) {
      volumes
          .serviceAccountToken(pod, podDir)
          .ifPresent(dir -> mounts.add(new Mount(dir, Volumes.SERVICE_ACCOUNT_DIR, true)));
    }
    Path hosts = podDir.resolve("etc-hosts");
    Files.writeString(hosts, dns.hostsFile(pod, ip));
    mounts.add(new Mount(hosts, "/etc/hosts", true));
    String terminationPath =
        Optional.ofNullable(container.getTerminationMessagePath()).orElse("/dev/termination-log");
    Path terminationLog = podDir.resolve(container.getName() + ".termination-log");
    Files.writeString(terminationLog, "");
    mounts.add(new Mount(terminationLog, terminationPath, false));

    Map<String, String> base = new LinkedHashMap<>();
    base.put("PATH", PATH);
    base.putAll(image.env());
    base.put("HOSTNAME", pod.getMetadata().getName());
    base.put("KUBERNETES_SERVICE_HOST", "127.0.0.1");
    base.put("KUBERNETES_SERVICE_PORT", String.valueOf(config.apiServerPort()));
    base.put("KUBERNETES_SERVICE_PORT_HTTPS", String.valueOf(config.apiServerPort()));
    // Pod IPs here are loopback addresses, which Spark (like other JVM servers) skips when it
    // looks for the address to advertise; in a cluster the pod IP is the interface's own.
    base.put("SPARK_LOCAL_IP", ip);
    Map<String, String> environment = env.resolve(pod, container, base);

    List<String> command =
        new ArrayList<>(
            nonEmpty(container.getCommand()) ? container.getCommand() : image.entrypoint());
    command.addAll(
        nonEmpty(container.getArgs())
            ? container.getArgs()
            : nonEmpty(container.getCommand()) ? List.of() : image.cmd());
    String workingDir = Optional.ofNullable(container.getWorkingDir()).orElse(image.workingDir());
    var spec =
        new ContainerProcess.Spec(
            pod.getMetadata().getUid(),
            pod.getMetadata().getName(),
            // Kubernetes expands $(VAR) in command and args too.
            command.stream().map(arg -> EnvResolver.expand(arg, environment)).toList(),
            environment,
            mounts,
            workingDir,
            memoryLimit(container),
            podDir.resolve("container"),
            logFile());
    process = ContainerProcess.start(spec);
    report(PodStatuses.running(pod, ip, start, process.startedAt()));
    var exit = process.awaitExit();
    String message = Files.readString(terminationLog).strip();
    if (message.isEmpty()
        && exit.exitCode() != 0
        && "FallbackToLogsOnError".equals(container.getTerminationMessagePolicy())) {
      message = ContainerProcess.logTail(logFile());
    }
    String reason = exit.oomKilled() ? "OOMKilled" : exit.exitCode() == 0 ? "Completed" : "Error";
    LOG.info(
        "pod {}/{} container exited {} ({})",
        pod.getMetadata().getNamespace(),
        pod.getMetadata().getName(),
        exit.exitCode(),
        reason);
    report(
        PodStatuses.terminated(
            pod, ip, start, exit.exitCode(), reason, message, exit.startedAt(), exit.finishedAt()));
  }

  /** ConfigMaps and Secrets may appear after the pod; wait like a kubelet, reporting why. */
  private Map<String, Path> materializeVolumes(String ip) throws IOException, InterruptedException {
    Instant giveUp = Instant.now().plus(MISSING_OBJECT_PATIENCE);
    while (true) {
      try {
        return volumes.materialize(pod, podDir);
      } catch (Volumes.MissingObjectException e) {
        if (Instant.now().isAfter(giveUp) || deletionGraceSeconds != null) {
          report(
              PodStatuses.creating(pod, ip, start, "CreateContainerConfigError", e.getMessage()));
          return null;
        }
        Thread.sleep(250);
      }
    }
  }

  /** One status write: benchmarks measure the control plane, not the kubelet's chatter. */
  private void completeAtOnce(String ip) {
    Instant now = Instant.now();
    String message = config.instantCompletion().get().apply(pod);
    report(PodStatuses.terminated(pod, ip, start, 0, "Completed", message, now, Instant.now()));
  }

  private ImageConfig image(String image) {
    return config.images().stream()
        .map(r -> r.resolve(image))
        .filter(c -> c != null)
        .findFirst()
        .orElse(null);
  }

  /**
   * A merge patch of the whole status, without reading the pod first. Safe because everything that
   * changes shape (container states, conditions) sits in lists, which a merge patch replaces.
   */
  private void report(PodStatus status) {
    pod.setStatus(status);
    try {
      client
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .subresource("status")
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              Serialization.asJson(java.util.Map.of("status", status)));
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        LOG.warn("status of {} not written: {}", pod.getMetadata().getName(), e.getMessage());
      }
    }
  }

  private void finalizeDeletion() {
    confirmDeletion(client, pod);
  }

  /**
   * The kubelet confirms a graceful deletion by deleting with grace 0 once the containers stopped
   * (or at once for a pod whose containers already ended).
   */
  static void confirmDeletion(KubernetesClient client, Pod pod) {
    try {
      client
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .withGracePeriod(0)
          .delete();
    } catch (KubernetesClientException e) {
      LOG.debug("pod {} already gone", pod.getMetadata().getName());
    }
  }

  private static long memoryLimit(Container c) {
    var resources = c.getResources();
    Quantity limit =
        resources == null || resources.getLimits() == null
            ? null
            : resources.getLimits().get("memory");
    return limit == null ? 0 : limit.getNumericalAmount().longValue();
  }

  private static boolean nonEmpty(List<?> list) {
    return list != null && !list.isEmpty();
  }
}
