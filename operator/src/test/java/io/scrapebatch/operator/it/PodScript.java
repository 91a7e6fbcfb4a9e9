package io.scrapebatch.operator.it;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Plays the kubelet (and the Spark driver) for integration tests: the API server has no nodes, so
 * the test writes the pod phases, container states, exit codes and termination messages a real
 * kubelet would report, and creates the executor pods a real driver would.
 */
final class PodScript {
  private final KubernetesClient client;
  private final String namespace;

  PodScript(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  Pod awaitPod(String name) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> client.pods().inNamespace(namespace).withName(name).get() != null);
    return client.pods().inNamespace(namespace).withName(name).get();
  }

  void run(String name) {
    var pod = awaitPod(name);
    var started = Instant.now().toString();
    pod.setStatus(
        new io.fabric8.kubernetes.api.model.PodStatusBuilder()
            .withPhase("Running")
            .withStartTime(started)
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName(container(pod))
                    .withImage(pod.getSpec().getContainers().get(0).getImage())
                    .withImageID("")
                    .withReady(true)
                    .withRestartCount(0)
                    .withStarted(true)
                    .withState(
                        new ContainerStateBuilder()
                            .withNewRunning()
                            .withStartedAt(started)
                            .endRunning()
                            .build())
                    .build())
            .build());
    client.pods().inNamespace(namespace).resource(pod).updateStatus();
  }

  void annotate(String name, String key, String value) {
    client
        .pods()
        .inNamespace(namespace)
        .withName(name)
        .edit(
            p ->
                new PodBuilder(p)
                    .editMetadata()
                    .addToAnnotations(key, value)
                    .endMetadata()
                    .build());
  }

  void terminate(String name, String phase, int exitCode, String reason, String message) {
    var pod = awaitPod(name);
    var now = Instant.now();
    pod.setStatus(
        new io.fabric8.kubernetes.api.model.PodStatusBuilder()
            .withPhase(phase)
            .withStartTime(now.minusSeconds(30).toString())
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName(container(pod))
                    .withImage(pod.getSpec().getContainers().get(0).getImage())
                    .withImageID("")
                    .withReady(false)
                    .withRestartCount(0)
                    .withStarted(false)
                    .withState(
                        new ContainerStateBuilder()
                            .withNewTerminated()
                            .withExitCode(exitCode)
                            .withReason(reason)
                            .withMessage(message)
                            .withStartedAt(now.minusSeconds(30).toString())
                            .withFinishedAt(now.toString())
                            .endTerminated()
                            .build())
                    .build())
            .build());
    client.pods().inNamespace(namespace).resource(pod).updateStatus();
  }

  void succeed(String name, String report) {
    terminate(name, "Succeeded", 0, "Completed", report);
  }

  void evict(String name) {
    var pod = awaitPod(name);
    pod.setStatus(
        new io.fabric8.kubernetes.api.model.PodStatusBuilder()
            .withPhase("Failed")
            .withReason("Evicted")
            .withMessage("The node was low on resource: memory.")
            .build());
    client.pods().inNamespace(namespace).resource(pod).updateStatus();
  }

  /** What the scheduler writes on a pod no node can take. */
  void unschedulable(String name, String message) {
    var pod = awaitPod(name);
    pod.setStatus(
        new io.fabric8.kubernetes.api.model.PodStatusBuilder()
            .withPhase("Pending")
            .addNewCondition()
            .withType("PodScheduled")
            .withStatus("False")
            .withReason("Unschedulable")
            .withMessage(message)
            .withLastTransitionTime(Instant.now().toString())
            .endCondition()
            .build());
    client.pods().inNamespace(namespace).resource(pod).updateStatus();
  }

  /** What a driver does: an executor pod of its attempt, labelled and owned like Spark's. */
  String createExecutor(Pod driver, int id) {
    var labels =
        Map.of(
            "app.kubernetes.io/managed-by", "scrapebatch-operator",
            "scrapebatch.io/batch", driver.getMetadata().getLabels().get("scrapebatch.io/batch"),
            "scrapebatch.io/attempt",
                driver.getMetadata().getLabels().get("scrapebatch.io/attempt"),
            "spark-role", "executor",
            "spark-exec-id", String.valueOf(id));
    String name = driver.getMetadata().getName().replace("-driver", "-exec-" + id);
    var executor =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .withLabels(labels)
            .addNewOwnerReference()
            .withApiVersion("v1")
            .withKind("Pod")
            .withName(driver.getMetadata().getName())
            .withUid(driver.getMetadata().getUid())
            .endOwnerReference()
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("spark-kubernetes-executor")
            .withImage("spark")
            .withNewResources()
            .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("4506Mi"))
            .endResources()
            .endContainer()
            .withRestartPolicy("Never")
            .endSpec()
            .build();
    client.pods().inNamespace(namespace).resource(executor).create();
    return name;
  }

  private static String container(Pod pod) {
    return pod.getSpec().getContainers().get(0).getName();
  }
}
