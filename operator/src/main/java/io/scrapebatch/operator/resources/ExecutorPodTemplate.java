package io.scrapebatch.operator.resources;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The pod template the driver applies to every executor it creates, so executors get the same
 * security context and log-tail termination message as the driver.
 */
final class ExecutorPodTemplate {
  static final String CONTAINER = "spark-kubernetes-executor";

  static String yaml() {
    var container = PodHardening.harden(new ContainerBuilder().withName(CONTAINER).build());
    var pod =
        new PodBuilder()
            .withNewMetadata()
            .endMetadata()
            .withNewSpec()
            .withSecurityContext(PodHardening.podSecurityContext())
            .withContainers(container)
            .endSpec()
            .build();
    return Serialization.asYaml(pod);
  }

  private ExecutorPodTemplate() {}
}
