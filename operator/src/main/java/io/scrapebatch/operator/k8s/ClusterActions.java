package io.scrapebatch.operator.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.scrapebatch.api.v1alpha1.ScrapeBatch;
import java.net.HttpURLConnection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The few writes the operator makes besides status: create an attempt, delete a pod or a batch. */
public final class ClusterActions {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterActions.class);

  private final KubernetesClient client;

  public ClusterActions(KubernetesClient client) {
    this.client = client;
  }

  /**
   * Creates each resource unless one with its deterministic name exists: after a restart or a lost
   * status update, the attempt that is already there is adopted, never duplicated.
   *
   * @return the names of the resources created now (the others existed)
   */
  public Set<String> createIfAbsent(List<HasMetadata> resources) {
    Set<String> created = new HashSet<>();
    for (HasMetadata resource : resources) {
      try {
        client.resource(resource).create();
        created.add(resource.getMetadata().getName());
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        LOG.info(
            "adopting existing {} {}/{}",
            resource.getKind(),
            resource.getMetadata().getNamespace(),
            resource.getMetadata().getName());
      }
    }
    return created;
  }

  public void deletePod(String namespace, String name) {
    client.pods().inNamespace(namespace).withName(name).delete();
  }

  public void deleteBatch(ScrapeBatch batch) {
    client.resource(batch).delete();
  }
}
