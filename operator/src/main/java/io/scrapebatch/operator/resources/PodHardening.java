package io.scrapebatch.operator.resources;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.scrapebatch.api.job.JobContract;

/**
 * What every job container gets beyond Spark's defaults: the Pod Security "restricted" profile and
 * a termination message that falls back to the log tail, so a crash before the job's report still
 * leaves evidence to classify.
 */
final class PodHardening {
  static PodSecurityContext podSecurityContext() {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  static SecurityContext containerSecurityContext() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .addToDrop("ALL")
        .endCapabilities()
        .build();
  }

  static Container harden(Container container) {
    return new ContainerBuilder(container)
        .withSecurityContext(containerSecurityContext())
        .withTerminationMessagePath(JobContract.TERMINATION_MESSAGE_PATH)
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .build();
  }

  private PodHardening() {}
}
