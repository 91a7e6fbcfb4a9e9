package io.scrapebatch.operator.resources;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What one attempt needs in the API server; the Service only exists in cluster mode. */
public record DriverResources(Pod pod, Optional<Service> service, ConfigMap configMap) {

  /** In creation order: the pod mounts the ConfigMap and executors reach the Service. */
  public List<HasMetadata> inCreationOrder() {
    List<HasMetadata> all = new ArrayList<>();
    all.add(configMap);
    service.ifPresent(all::add);
    all.add(pod);
    return all;
  }
}
