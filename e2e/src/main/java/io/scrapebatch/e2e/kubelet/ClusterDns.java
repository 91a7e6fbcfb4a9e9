package io.scrapebatch.e2e.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Name resolution without a DNS server: each container gets an /etc/hosts listing its own hostname,
 * every Service (by its selected pods' IPs, or the API server for {@code kubernetes}) in all the
 * names cluster DNS would answer, so Spark executors reach the driver Service unmodified.
 */
final class ClusterDns {
  private final KubernetesClient client;

  ClusterDns(KubernetesClient client) {
    this.client = client;
  }

  String hostsFile(Pod pod, String podIp) {
    Map<String, String> names = new LinkedHashMap<>();
    names.put("localhost", "127.0.0.1");
    names.put(pod.getMetadata().getName(), podIp);
    String ns = pod.getMetadata().getNamespace();
    for (Service svc : client.services().inAnyNamespace().list().getItems()) {
      String ip = address(svc);
      if (ip == null) {
        continue;
      }
      String name = svc.getMetadata().getName();
      String svcNs = svc.getMetadata().getNamespace();
      names.put(name + "." + svcNs + ".svc.cluster.local", ip);
      names.put(name + "." + svcNs + ".svc", ip);
      names.put(name + "." + svcNs, ip);
      if (svcNs.equals(ns)) {
        names.putIfAbsent(name, ip);
      }
    }
    StringBuilder hosts = new StringBuilder();
    names.forEach((host, ip) -> hosts.append(ip).append('\t').append(host).append('\n'));
    return hosts.toString();
  }

  private String address(Service svc) {
    if ("kubernetes".equals(svc.getMetadata().getName())
        && "default".equals(svc.getMetadata().getNamespace())) {
      return "127.0.0.1";
    }
    var selector = svc.getSpec().getSelector();
    if (selector == null || selector.isEmpty()) {
      return null;
    }
    return client
        .pods()
        .inNamespace(svc.getMetadata().getNamespace())
        .withLabels(selector)
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .map(p -> p.getStatus() == null ? null : p.getStatus().getPodIP())
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }
}
