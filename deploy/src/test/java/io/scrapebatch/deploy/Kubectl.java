package io.scrapebatch.deploy;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The control plane's kubectl against the test's API server, through a kubeconfig file. */
final class Kubectl {
  private final Path kubeconfig;

  private Kubectl(Path kubeconfig) {
    this.kubeconfig = kubeconfig;
  }

  /** A kubeconfig for the client's cluster and credentials (certificates or a token). */
  static Kubectl forClient(Config config, Path dir) {
    return new Kubectl(writeKubeconfig(config, null, dir.resolve("kubeconfig-admin")));
  }

  /** A kubeconfig for the client's cluster with a bearer token instead of its credentials. */
  static Path kubeconfigWithToken(Config config, String token, Path file) {
    return writeKubeconfig(config, token, file);
  }

  Path kubeconfig() {
    return kubeconfig;
  }

  /**
   * Server-side apply with server dry-run and strict field validation: the API server runs
   * admission and schema validation (CRDs included) and fails on unknown or duplicate fields.
   */
  Command applyDryRun(String manifests, String... extra) {
    var args =
        new ArrayList<>(
            List.of(
                "apply",
                "--server-side",
                "--dry-run=server",
                "--validate=strict",
                "--field-manager=scrapebatch-deploy-check"));
    args.addAll(List.of(extra));
    return withStdin(manifests, args);
  }

  Command apply(String manifests, String... extra) {
    var args =
        new ArrayList<>(
            List.of(
                "apply",
                "--server-side",
                "--validate=strict",
                "--field-manager=scrapebatch-deploy-check"));
    args.addAll(List.of(extra));
    return withStdin(manifests, args);
  }

  Command run(String... args) {
    var all = new ArrayList<String>();
    all.add(Tools.kubectl());
    all.add("--kubeconfig=" + kubeconfig);
    all.addAll(List.of(args));
    return Command.run(all);
  }

  private Command withStdin(String manifests, List<String> args) {
    try {
      Path file = Files.createTempFile(kubeconfig.getParent(), "manifests", ".yaml");
      Files.writeString(file, manifests);
      var all = new ArrayList<>(args);
      all.add("-f");
      all.add(file.toString());
      return run(all.toArray(String[]::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path writeKubeconfig(Config config, String token, Path file) {
    var cluster = new java.util.LinkedHashMap<String, Object>();
    cluster.put("server", config.getMasterUrl());
    if (token != null && config.getCaCertFile() != null) {
      // Self-contained: whoever reads it needs no access to the test's certificate files.
      put(cluster, "certificate-authority-data", base64(Path.of(config.getCaCertFile())));
    } else {
      put(cluster, "certificate-authority", config.getCaCertFile());
    }
    put(cluster, "certificate-authority-data", config.getCaCertData());
    var user = new java.util.LinkedHashMap<String, Object>();
    if (token != null) {
      user.put("token", token);
    } else {
      put(user, "client-certificate", config.getClientCertFile());
      put(user, "client-certificate-data", config.getClientCertData());
      put(user, "client-key", config.getClientKeyFile());
      put(user, "client-key-data", config.getClientKeyData());
      put(user, "token", config.getOauthToken());
    }
    var kubeconfig =
        Map.of(
            "apiVersion",
            "v1",
            "kind",
            "Config",
            "clusters",
            List.of(Map.of("name", "test", "cluster", cluster)),
            "users",
            List.of(Map.of("name", "test", "user", user)),
            "contexts",
            List.of(Map.of("name", "test", "context", Map.of("cluster", "test", "user", "test"))),
            "current-context",
            "test");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, Yaml.write(kubeconfig));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String base64(Path file) {
    try {
      return java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void put(Map<String, Object> map, String key, String value) {
    if (value != null && !value.isBlank()) {
      map.put(key, value);
    }
  }
}
