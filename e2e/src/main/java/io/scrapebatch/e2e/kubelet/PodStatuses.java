package io.scrapebatch.e2e.kubelet;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.util.List;

/** The pod statuses a kubelet reports, built for each step of a pod's life. */
final class PodStatuses {
  static PodStatus creating(
      Pod pod, String ip, Instant start, String waitingReason, String message) {
    return base(pod, "Pending", ip, start, false)
        .withContainerStatuses(
            container(
                pod,
                new ContainerStateBuilder()
                    .withNewWaiting()
                    .withReason(waitingReason)
                    .withMessage(message)
                    .endWaiting()
                    .build(),
                false))
        .build();
  }

  static PodStatus running(Pod pod, String ip, Instant start, Instant started) {
    return base(pod, "Running", ip, start, true)
        .withContainerStatuses(
            container(
                pod,
                new ContainerStateBuilder()
                    .withNewRunning()
                    .withStartedAt(started.toString())
                    .endRunning()
                    .build(),
                true))
        .build();
  }

  static PodStatus terminated(
      Pod pod,
      String ip,
      Instant start,
      int exitCode,
      String reason,
      String message,
      Instant started,
      Instant finished) {
    var state =
        new ContainerStateBuilder()
            .withNewTerminated()
            .withExitCode(exitCode)
            .withReason(reason)
            .withMessage(message == null || message.isEmpty() ? null : message)
            .withStartedAt(started.toString())
            .withFinishedAt(finished.toString())
            .endTerminated()
            .build();
    return base(pod, exitCode == 0 ? "Succeeded" : "Failed", ip, start, false)
        .withContainerStatuses(container(pod, state, false))
        .build();
  }

  /** A pod that cannot run here at all (an unsupported volume, several containers). */
  static PodStatus rejected(Pod pod, Instant start, String reason, String message) {
    return new PodStatusBuilder()
        .withPhase("Failed")
        .withReason(reason)
        .withMessage(message)
        .withStartTime(start.toString())
        .build();
  }

  private static PodStatusBuilder base(
      Pod pod, String phase, String ip, Instant start, boolean ready) {
    String now = Instant.now().toString();
    List<PodCondition> conditions =
        List.of(
            condition("PodScheduled", true, now),
            condition("Initialized", true, now),
            condition("ContainersReady", ready, now),
            condition("Ready", ready, now));
    return new PodStatusBuilder()
        .withPhase(phase)
        .withHostIP("127.0.0.1")
        .withPodIP(ip)
        .withPodIPs(new PodIP(ip))
        .withStartTime(start.toString())
        .withQosClass("Burstable")
        .withConditions(conditions);
  }

  private static PodCondition condition(String type, boolean status, String now) {
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status ? "True" : "False")
        .withLastTransitionTime(now)
        .build();
  }

  private static ContainerStatus container(Pod pod, ContainerState state, boolean ready) {
    var c = pod.getSpec().getContainers().get(0);
    return new ContainerStatusBuilder()
        .withName(c.getName())
        .withImage(c.getImage())
        .withImageID("process-kubelet://" + c.getImage())
        .withReady(ready)
        .withStarted(state.getRunning() != null)
        .withRestartCount(0)
        .withState(state)
        .build();
  }

  private PodStatuses() {}
}
