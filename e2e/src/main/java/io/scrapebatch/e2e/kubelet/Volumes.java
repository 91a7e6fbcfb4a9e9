package io.scrapebatch.e2e.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMapProjection;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretProjection;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a pod's volumes as directories on this host: ConfigMap, Secret, emptyDir, downward API,
 * projected (service-account token, ConfigMap, Secret, downward API) and hostPath volumes.
 */
final class Volumes {
  static final String SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

  private final KubernetesClient client;
  private final Path caCertificate;

  Volumes(KubernetesClient client, Path caCertificate) {
    this.client = client;
    this.caCertificate = caCertificate;
  }

  /** Each volume's host directory (or, for hostPath, the path itself), by volume name. */
  Map<String, Path> materialize(Pod pod, Path podDir) throws IOException {
    Map<String, Path> dirs = new HashMap<>();
    for (Volume v : Optional.ofNullable(pod.getSpec().getVolumes()).orElse(List.of())) {
      if (v.getHostPath() != null) {
        dirs.put(v.getName(), Path.of(v.getHostPath().getPath()));
        continue;
      }
      Path dir = Files.createDirectories(podDir.resolve("volumes").resolve(v.getName()));
      if (v.getConfigMap() != null) {
        configMap(
            pod,
            v.getConfigMap().getName(),
            v.getConfigMap().getItems(),
            isTrue(v.getConfigMap().getOptional()),
            dir);
      } else if (v.getSecret() != null) {
        secret(
            pod,
            v.getSecret().getSecretName(),
            v.getSecret().getItems(),
            isTrue(v.getSecret().getOptional()),
            dir);
      } else if (v.getDownwardAPI() != null) {
        downward(pod, v.getDownwardAPI().getItems(), dir);
      } else if (v.getProjected() != null) {
        for (var source : v.getProjected().getSources()) {
          project(
              pod, source.getConfigMap(), source.getSecret(), source.getServiceAccountToken(), dir);
          if (source.getDownwardAPI() != null) {
            downward(pod, source.getDownwardAPI().getItems(), dir);
          }
        }
      } else if (v.getEmptyDir() == null) {
        throw new UnsupportedVolumeException(v.getName());
      }
      dirs.put(v.getName(), dir);
    }
    return dirs;
  }

  /**
   * The ServiceAccount admission plugin and kubelet give every pod a token unless told not to; the
   * process kubelet does the same, with a real token from the TokenRequest API.
   */
  Optional<Path> serviceAccountToken(Pod pod, Path podDir) throws IOException {
    if (Boolean.FALSE.equals(pod.getSpec().getAutomountServiceAccountToken())) {
      return Optional.empty();
    }
    Path dir = Files.createDirectories(podDir.resolve("volumes").resolve("kube-api-access"));
    write(dir.resolve("token"), token(pod, null, 3600L));
    write(dir.resolve("ca.crt"), Files.readString(caCertificate));
    write(dir.resolve("namespace"), pod.getMetadata().getNamespace());
    return Optional.of(dir);
  }

  private void project(
      Pod pod,
      ConfigMapProjection cm,
      SecretProjection secret,
      ServiceAccountTokenProjection token,
      Path dir)
      throws IOException {
    if (cm != null) {
      configMap(pod, cm.getName(), cm.getItems(), isTrue(cm.getOptional()), dir);
    }
    if (secret != null) {
      secret(pod, secret.getName(), secret.getItems(), isTrue(secret.getOptional()), dir);
    }
    if (token != null) {
      write(
          dir.resolve(token.getPath()),
          token(pod, token.getAudience(), token.getExpirationSeconds()));
    }
  }

  private void configMap(Pod pod, String name, List<KeyToPath> items, boolean optional, Path dir)
      throws IOException {
    var cm = client.configMaps().inNamespace(pod.getMetadata().getNamespace()).withName(name).get();
    if (cm == null) {
      if (optional) {
        return;
      }
      throw new MissingObjectException("configmap", name);
    }
    Map<String, String> data = new HashMap<>(Optional.ofNullable(cm.getData()).orElse(Map.of()));
    Optional.ofNullable(cm.getBinaryData())
        .orElse(Map.of())
        .forEach(
            (k, v) ->
                data.put(
                    k, new String(Base64.getDecoder().decode(v), StandardCharsets.ISO_8859_1)));
    writeKeys(data, items, dir);
  }

  private void secret(Pod pod, String name, List<KeyToPath> items, boolean optional, Path dir)
      throws IOException {
    var secret =
        client.secrets().inNamespace(pod.getMetadata().getNamespace()).withName(name).get();
    if (secret == null) {
      if (optional) {
        return;
      }
      throw new MissingObjectException("secret", name);
    }
    Map<String, String> data = new HashMap<>();
    Optional.ofNullable(secret.getData())
        .orElse(Map.of())
        .forEach(
            (k, v) ->
                data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    Optional.ofNullable(secret.getStringData()).ifPresent(data::putAll);
    writeKeys(data, items, dir);
  }

  private static void writeKeys(Map<String, String> data, List<KeyToPath> items, Path dir)
      throws IOException {
    if (items == null || items.isEmpty()) {
      for (var e : data.entrySet()) {
        write(dir.resolve(e.getKey()), e.getValue());
      }
      return;
    }
    for (KeyToPath item : items) {
      if (data.containsKey(item.getKey())) {
        write(dir.resolve(item.getPath()), data.get(item.getKey()));
      }
    }
  }

  private static void downward(Pod pod, List<DownwardAPIVolumeFile> items, Path dir)
      throws IOException {
    for (var item : Optional.ofNullable(items).orElse(List.of())) {
      String value;
      if (item.getFieldRef() != null) {
        value = EnvResolver.field(pod, item.getFieldRef().getFieldPath());
      } else {
        var ref = item.getResourceFieldRef();
        var container =
            pod.getSpec().getContainers().stream()
                .filter(
                    c ->
                        ref.getContainerName() == null
                            || c.getName().equals(ref.getContainerName()))
                .findFirst()
                .orElseThrow();
        value = EnvResolver.resource(container, ref.getResource(), ref.getDivisor());
      }
      write(dir.resolve(item.getPath()), value);
    }
  }

  private String token(Pod pod, String audience, Long expirationSeconds) {
    String declared = pod.getSpec().getServiceAccountName();
    String sa = declared == null || declared.isEmpty() ? "default" : declared;
    var spec =
        new TokenRequestBuilder()
            .withNewSpec()
            .withAudiences(audience == null ? List.of() : List.of(audience))
            .withExpirationSeconds(expirationSeconds == null ? 3600L : expirationSeconds);
    // Bind the token to the pod like a kubelet does; the API server only allows it when the pod
    // names its service account, which the ServiceAccount admission plugin (off in kube-api-test)
    // would otherwise have filled in.
    if (declared != null && !declared.isEmpty()) {
      spec.withNewBoundObjectRef()
          .withApiVersion("v1")
          .withKind("Pod")
          .withName(pod.getMetadata().getName())
          .withUid(pod.getMetadata().getUid())
          .endBoundObjectRef();
    }
    var sas = client.serviceAccounts().inNamespace(pod.getMetadata().getNamespace()).withName(sa);
    if (sas.get() == null) {
      throw new MissingObjectException("serviceaccount", sa);
    }
    return sas.tokenRequest(spec.endSpec().build()).getStatus().getToken();
  }

  private static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  private static boolean isTrue(Boolean b) {
    return Boolean.TRUE.equals(b);
  }

  /** A referenced object does not exist (yet): the kubelet retries, as a real one does. */
  static final class MissingObjectException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingObjectException(String kind, String name) {
      super(kind + " \"" + name + "\" not found");
    }
  }

  /** A volume type the process kubelet cannot provide (e.g. a persistentVolumeClaim). */
  static final class UnsupportedVolumeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnsupportedVolumeException(String volume) {
      super(
          "volume "
              + volume
              + ": only configMap, secret, emptyDir, downwardAPI, projected and hostPath volumes are supported by the process kubelet");
    }
  }
}
