package io.scrapebatch.operator.k8s;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scrapebatch.api.v1alpha1.Storage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the Secret a batch names for object-storage credentials (a {@code get}, never a list or a
 * watch). The values stay in memory for the input measurement; nothing here logs them.
 */
public final class CredentialsSecrets {
  private final KubernetesClient client;

  public CredentialsSecrets(KubernetesClient client) {
    this.client = client;
  }

  /** The Secret's credentials; empty when it does not exist. */
  public Optional<StaticCredentials> read(String namespace, String name) {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      return Optional.empty();
    }
    Map<String, String> data = Optional.ofNullable(secret.getData()).orElse(Map.of());
    Map<String, String> plain = Optional.ofNullable(secret.getStringData()).orElse(Map.of());
    return Optional.of(
        new StaticCredentials(
            value(data, plain, Storage.ACCESS_KEY_ID),
            value(data, plain, Storage.SECRET_ACCESS_KEY),
            value(data, plain, Storage.SESSION_TOKEN)));
  }

  private static Optional<String> value(
      Map<String, String> data, Map<String, String> plain, String key) {
    if (data.containsKey(key)) {
      return Optional.of(
          new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8).strip());
    }
    return Optional.ofNullable(plain.get(key)).map(String::strip);
  }

  /**
   * Credentials as a Secret holds them; {@link #toString} shows which keys are there, no values.
   */
  public record StaticCredentials(
      Optional<String> accessKeyId,
      Optional<String> secretAccessKey,
      Optional<String> sessionToken) {

    public boolean complete() {
      return accessKeyId.isPresent() && secretAccessKey.isPresent();
    }

    @Override
    public String toString() {
      return "StaticCredentials[%s%s%s]"
          .formatted(
              accessKeyId.isPresent() ? Storage.ACCESS_KEY_ID : "",
              secretAccessKey.isPresent() ? " " + Storage.SECRET_ACCESS_KEY : "",
              sessionToken.isPresent() ? " " + Storage.SESSION_TOKEN : "");
    }
  }
}
