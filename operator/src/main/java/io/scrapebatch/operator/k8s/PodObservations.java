package io.scrapebatch.operator.k8s;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.scrapebatch.operator.policy.Memory;
import io.scrapebatch.operator.policy.PodObservation;
import io.scrapebatch.operator.policy.PodPhase;
import io.scrapebatch.operator.policy.PodRole;
import io.scrapebatch.operator.policy.Termination;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a fabric8 {@link Pod} into the plain {@link PodObservation} the policy decides from. */
public final class PodObservations {

  public static PodObservation from(Pod pod) {
    var meta = pod.getMetadata();
    var labels = Optional.ofNullable(meta.getLabels()).orElse(Map.of());
    var status = pod.getStatus();
    List<ContainerStatus> containers =
        status == null || status.getContainerStatuses() == null
            ? List.of()
            : status.getContainerStatuses();
    Optional<ContainerStateTerminated> terminated =
        containers.stream()
            .map(c -> c.getState() == null ? null : c.getState().getTerminated())
            .filter(t -> t != null)
            .findFirst();
    return new PodObservation(
        meta.getName(),
        "executor".equals(labels.get(Labels.SPARK_ROLE)) ? PodRole.EXECUTOR : PodRole.DRIVER,
        Optional.ofNullable(labels.get(Labels.ATTEMPT)).map(Integer::parseInt).orElse(0),
        phase(status == null ? null : status.getPhase()),
        Optional.ofNullable(status == null ? null : status.getReason()),
        Optional.ofNullable(status == null ? null : status.getMessage()),
        terminated.map(
            t ->
                new Termination(
                    t.getExitCode() == null ? -1 : t.getExitCode(),
                    Optional.ofNullable(t.getReason()).orElse(""),
                    Optional.ofNullable(t.getMessage()).orElse(""))),
        waiting(containers),
        unschedulable(status == null ? null : status.getConditions()),
        instant(meta.getCreationTimestamp()).orElse(Instant.EPOCH),
        started(containers, terminated)
            .or(() -> instant(status == null ? null : status.getStartTime())),
        terminated.flatMap(t -> instant(t.getFinishedAt())),
        memoryLimit(pod),
        Optional.ofNullable(meta.getAnnotations()).orElse(Map.of()));
  }

  static PodPhase phase(String phase) {
    if (phase == null) {
      return PodPhase.Pending;
    }
    try {
      return PodPhase.valueOf(phase);
    } catch (IllegalArgumentException unknown) {
      return PodPhase.Unknown;
    }
  }

  private static Optional<String> waiting(List<ContainerStatus> containers) {
    return containers.stream()
        .map(c -> c.getState() == null ? null : c.getState().getWaiting())
        .filter(w -> w != null && w.getReason() != null)
        .map(
            w ->
                w.getMessage() == null || w.getMessage().isBlank()
                    ? w.getReason()
                    : w.getReason() + ": " + w.getMessage())
        .findFirst();
  }

  private static Optional<String> unschedulable(List<PodCondition> conditions) {
    return Optional.ofNullable(conditions).orElse(List.of()).stream()
        .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
        .map(c -> Optional.ofNullable(c.getMessage()).orElse(c.getReason()))
        .findFirst();
  }

  private static Optional<Instant> started(
      List<ContainerStatus> containers, Optional<ContainerStateTerminated> terminated) {
    return terminated
        .flatMap(t -> instant(t.getStartedAt()))
        .or(
            () ->
                containers.stream()
                    .map(c -> c.getState() == null ? null : c.getState().getRunning())
                    .filter(r -> r != null)
                    .findFirst()
                    .flatMap(r -> instant(r.getStartedAt())));
  }

  private static Memory memoryLimit(Pod pod) {
    if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
      return Memory.mib(0);
    }
    long bytes = 0;
    for (var container : pod.getSpec().getContainers()) {
      var resources = container.getResources();
      Quantity limit =
          resources == null || resources.getLimits() == null
              ? null
              : resources.getLimits().get("memory");
      if (limit != null) {
        bytes += limit.getNumericalAmount().longValue();
      }
    }
    return Memory.ofBytes(bytes);
  }

  private static Optional<Instant> instant(String timestamp) {
    return Optional.ofNullable(timestamp).filter(t -> !t.isBlank()).map(Instant::parse);
  }

  private PodObservations() {}
}
