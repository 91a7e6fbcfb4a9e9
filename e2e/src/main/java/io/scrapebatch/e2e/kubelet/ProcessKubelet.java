package io.scrapebatch.e2e.kubelet;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A kubelet (and scheduler) stand-in for one Node that runs each pod's container as a local
 * process: it binds pending pods to its node, gives each a loopback IP, materialises its volumes,
 * resolves its environment, starts the image's stand-in under the pod's memory limit and reports
 * the pod's status, exit code and termination message, and serves container logs to {@code kubectl
 * logs}; deletion honours the grace period. Process isolation only: no images, no network
 * namespaces, no CNI.
 */
public final class ProcessKubelet implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessKubelet.class);

  private final KubernetesClient client;
  private final KubeletConfig config;
  private final IpPool ips = new IpPool();
  private final Map<String, PodRunner> runners = new ConcurrentHashMap<>();
  private final Map<String, Future<?>> running = new ConcurrentHashMap<>();
  private final Set<String> binding = ConcurrentHashMap.newKeySet();
  private final ExecutorService pods =
      Executors.newCachedThreadPool(new DaemonThreads("process-kubelet-pod"));
  private SharedIndexInformer<Pod> informer;
  private ContainerLogServer logServer;

  public ProcessKubelet(KubernetesClient client, KubeletConfig config) {
    this.client = client;
    this.config = config;
  }

  public ProcessKubelet start() {
    logServer = ContainerLogServer.start(config.workDir().resolve("tls"), this::runnerOf);
    registerNode();
    informer =
        client
            .pods()
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    handle(pod);
                  }

                  @Override
                  public void onUpdate(Pod old, Pod pod) {
                    handle(pod);
                  }

                  @Override
                  public void onDelete(Pod pod, boolean unknownFinalState) {
                    forget(pod);
                  }
                },
                0);
    LOG.info("process kubelet serving node {}", config.nodeName());
    return this;
  }

  /** The container log of a pod this kubelet ran (what {@code kubectl logs} shows). */
  public Optional<Path> logOf(String namespace, String name) {
    return runnerOf(namespace, name).map(PodRunner::logFile);
  }

  private Optional<PodRunner> runnerOf(String namespace, String name) {
    return runners.values().stream().filter(r -> r.runs(namespace, name)).findFirst();
  }

  private void handle(Pod pod) {
    var spec = pod.getSpec();
    var meta = pod.getMetadata();
    String uid = meta.getUid();
    if (spec.getNodeName() == null) {
      if (meta.getDeletionTimestamp() == null && binding.add(uid)) {
        pods.submit(() -> bind(pod));
      }
      return;
    }
    if (!config.nodeName().equals(spec.getNodeName())) {
      return;
    }
    if (meta.getDeletionTimestamp() != null) {
      long grace = Optional.ofNullable(meta.getDeletionGracePeriodSeconds()).orElse(30L);
      PodRunner runner = runners.get(uid);
      Future<?> task = running.get(uid);
      if (runner != null && task != null && !task.isDone()) {
        runner.delete(grace);
      } else {
        PodRunner.confirmDeletion(client, pod);
      }
      return;
    }
    if (isFinished(pod) || runners.containsKey(uid)) {
      return;
    }
    var runner = new PodRunner(client, config, pod, ips);
    if (runners.putIfAbsent(uid, runner) == null) {
      running.put(uid, pods.submit(runner));
    }
  }

  private void bind(Pod pod) {
    var meta = pod.getMetadata();
    try {
      client
          .bindings()
          .inNamespace(meta.getNamespace())
          .resource(
              new BindingBuilder()
                  .withNewMetadata()
                  .withName(meta.getName())
                  .withNamespace(meta.getNamespace())
                  .endMetadata()
                  .withNewTarget()
                  .withApiVersion("v1")
                  .withKind("Node")
                  .withName(config.nodeName())
                  .endTarget()
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      LOG.debug("binding {} failed: {}", meta.getName(), e.getMessage());
      binding.remove(meta.getUid());
    }
  }

  private void forget(Pod pod) {
    String uid = pod.getMetadata().getUid();
    binding.remove(uid);
    PodRunner runner = runners.remove(uid);
    Future<?> task = running.remove(uid);
    if (runner != null && task != null && !task.isDone()) {
      runner.delete(0);
    }
  }

  private static boolean isFinished(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  private void registerNode() {
    long memory =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getTotalMemorySize();
    var capacity =
        Map.of(
            "cpu", new Quantity(String.valueOf(Runtime.getRuntime().availableProcessors())),
            "memory", new Quantity(String.valueOf(memory)),
            "pods", new Quantity("1000"));
    var node =
        new NodeBuilder()
            .withNewMetadata()
            .withName(config.nodeName())
            .addToLabels("kubernetes.io/hostname", config.nodeName())
            .endMetadata()
            .build();
    client.nodes().resource(node).createOr(existing -> existing.update());
    String now = Instant.now().toString();
    client
        .nodes()
        .withName(config.nodeName())
        .editStatus(
            n ->
                new NodeBuilder(n)
                    .withNewStatus()
                    .withCapacity(capacity)
                    .withAllocatable(capacity)
                    .addNewCondition()
                    .withType("Ready")
                    .withStatus("True")
                    .withReason("KubeletReady")
                    .withMessage("process kubelet is posting ready status")
                    .withLastHeartbeatTime(now)
                    .withLastTransitionTime(now)
                    .endCondition()
                    .addNewAddress()
                    .withType("InternalIP")
                    .withAddress("127.0.0.1")
                    .endAddress()
                    .addNewAddress()
                    .withType("Hostname")
                    .withAddress(config.nodeName())
                    .endAddress()
                    .withNewDaemonEndpoints()
                    .withNewKubeletEndpoint()
                    .withPort(logServer.port())
                    .endKubeletEndpoint()
                    .endDaemonEndpoints()
                    .withNewNodeInfo()
                    .withKubeletVersion("process-kubelet")
                    .withOperatingSystem("linux")
                    .withArchitecture("amd64")
                    .withContainerRuntimeVersion("process://")
                    .withKernelVersion(System.getProperty("os.version"))
                    .withOsImage("local")
                    .withMachineID("")
                    .withSystemUUID("")
                    .withBootID("")
                    .withKubeProxyVersion("")
                    .endNodeInfo()
                    .endStatus()
                    .build());
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
    runners.values().forEach(r -> r.delete(0));
    pods.shutdownNow();
    if (logServer != null) {
      logServer.close();
    }
  }
}
