package io.scrapebatch.e2e.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment as the kubelet computes it: {@code envFrom}, then {@code env} in order
 * with {@code $(VAR)} expansion, field and resource references, ConfigMap and Secret keys.
 */
final class EnvResolver {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");
  private static final Pattern SUBSCRIPT =
      Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");

  private final KubernetesClient client;

  EnvResolver(KubernetesClient client) {
    this.client = client;
  }

  Map<String, String> resolve(Pod pod, Container container, Map<String, String> base) {
    String ns = pod.getMetadata().getNamespace();
    Map<String, String> env = new LinkedHashMap<>(base);
    for (var from : Optional.ofNullable(container.getEnvFrom()).orElse(java.util.List.of())) {
      String prefix = Optional.ofNullable(from.getPrefix()).orElse("");
      if (from.getConfigMapRef() != null) {
        var cm =
            client.configMaps().inNamespace(ns).withName(from.getConfigMapRef().getName()).get();
        if (cm != null && cm.getData() != null) {
          cm.getData().forEach((k, v) -> env.put(prefix + k, v));
        }
      }
      if (from.getSecretRef() != null) {
        var secret = client.secrets().inNamespace(ns).withName(from.getSecretRef().getName()).get();
        if (secret != null && secret.getData() != null) {
          secret.getData().forEach((k, v) -> env.put(prefix + k, decode(v)));
        }
      }
    }
    for (EnvVar var : Optional.ofNullable(container.getEnv()).orElse(java.util.List.of())) {
      String value =
          var.getValueFrom() == null ? expand(var.getValue(), env) : valueFrom(pod, container, var);
      env.put(var.getName(), value == null ? "" : value);
    }
    return env;
  }

  private String valueFrom(Pod pod, Container container, EnvVar var) {
    var from = var.getValueFrom();
    String ns = pod.getMetadata().getNamespace();
    if (from.getFieldRef() != null) {
      return field(pod, from.getFieldRef().getFieldPath());
    }
    if (from.getResourceFieldRef() != null) {
      return resource(
          container,
          from.getResourceFieldRef().getResource(),
          from.getResourceFieldRef().getDivisor());
    }
    if (from.getConfigMapKeyRef() != null) {
      var ref = from.getConfigMapKeyRef();
      var cm = client.configMaps().inNamespace(ns).withName(ref.getName()).get();
      return cm == null || cm.getData() == null ? null : cm.getData().get(ref.getKey());
    }
    if (from.getSecretKeyRef() != null) {
      var ref = from.getSecretKeyRef();
      var secret = client.secrets().inNamespace(ns).withName(ref.getName()).get();
      return secret == null
              || secret.getData() == null
              || secret.getData().get(ref.getKey()) == null
          ? null
          : decode(secret.getData().get(ref.getKey()));
    }
    return null;
  }

  static String field(Pod pod, String path) {
    var meta = pod.getMetadata();
    Matcher subscript = SUBSCRIPT.matcher(path);
    if (subscript.matches()) {
      var map = "labels".equals(subscript.group(1)) ? meta.getLabels() : meta.getAnnotations();
      return map == null ? "" : map.getOrDefault(subscript.group(2), "");
    }
    return switch (path) {
      case "metadata.name" -> meta.getName();
      case "metadata.namespace" -> meta.getNamespace();
      case "metadata.uid" -> meta.getUid();
      case "spec.nodeName" -> pod.getSpec().getNodeName();
      case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
      case "status.hostIP", "status.hostIPs" -> pod.getStatus().getHostIP();
      case "status.podIP", "status.podIPs" -> pod.getStatus().getPodIP();
      default -> throw new IllegalArgumentException("unsupported fieldRef " + path);
    };
  }

  static String resource(Container container, String resource, Quantity divisor) {
    String[] parts = resource.split("\\.", 2);
    var resources = container.getResources();
    var map =
        resources == null
            ? null
            : "limits".equals(parts[0]) ? resources.getLimits() : resources.getRequests();
    Quantity q = map == null ? null : map.get(parts[1]);
    if (q == null) {
      return "0";
    }
    BigDecimal amount = q.getNumericalAmount();
    BigDecimal by = divisor == null ? BigDecimal.ONE : divisor.getNumericalAmount();
    return amount.divide(by, 0, RoundingMode.CEILING).toPlainString();
  }

  static String expand(String value, Map<String, String> env) {
    if (value == null) {
      return null;
    }
    Matcher m = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement = env.getOrDefault(m.group(1), m.group());
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), java.nio.charset.StandardCharsets.UTF_8);
  }
}
