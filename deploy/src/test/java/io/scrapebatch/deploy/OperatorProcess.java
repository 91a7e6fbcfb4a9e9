package io.scrapebatch.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One operator replica as its Deployment runs it: {@code java -jar scrapebatch-operator.jar} (the
 * image's command) with exactly the container's environment from the rendered manifest (fieldRefs
 * resolved as the kubelet would), a heap bounded by the container's memory limit, a kubeconfig with
 * the operator ServiceAccount's token instead of the mounted one, and, where the test runs as root,
 * the manifest's uid (which has no passwd entry, as in the image).
 */
final class OperatorProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Path JAR = Repo.root("operator/target/scrapebatch-operator.jar");

  final String podName;
  final int httpPort;
  final Path log;
  private final Process process;

  private OperatorProcess(String podName, int httpPort, Path log, Process process) {
    this.podName = podName;
    this.httpPort = httpPort;
    this.log = log;
    this.process = process;
  }

  /**
   * A replica running as the manifest's uid reads the jar as "others": a checkout under a private
   * directory ({@code mktemp -d} is 0700) would fail only as "a replica exited".
   */
  private static void requireReachableByOthers(Path jar) {
    try {
      for (Path dir = jar.toAbsolutePath().getParent(); dir != null; dir = dir.getParent()) {
        if (!Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE)) {
          throw new IllegalStateException(
              "%s is not searchable by other users, so the replica's uid cannot reach %s: clone"
                      .formatted(dir, jar)
                  + " the repository where other users can (chmod o+x the directory)");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static OperatorProcess start(
      Map<String, Object> deployment, String podName, Path kubeconfig, Path workDir) {
    Map<String, Object> container =
        Yaml.<List<Map<String, Object>>>at(deployment, "spec", "template", "spec", "containers")
            .get(0);
    String namespace = Yaml.at(deployment, "metadata", "namespace");
    int port = freePort();
    var env = new LinkedHashMap<String, String>();
    for (Map<String, Object> e : Yaml.<List<Map<String, Object>>>at(container, "env")) {
      env.put((String) e.get("name"), value(e, namespace, podName));
    }
    // The one thing replicas sharing a host cannot share; everything else is the manifest's.
    env.put("HTTP_PORT", String.valueOf(port));
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put("HOME", workDir.toString());
    env.put("PATH", System.getenv("PATH"));
    String memoryLimit = Yaml.at(container, "resources", "limits", "memory");
    env.put(
        "JAVA_TOOL_OPTIONS",
        env.getOrDefault("JAVA_TOOL_OPTIONS", "") + " -XX:MaxRAM=" + bytes(memoryLimit));

    var command = new ArrayList<String>();
    Long uid =
        Yaml.at(deployment, "spec", "template", "spec", "securityContext", "runAsUser")
                instanceof Number n
            ? n.longValue()
            : null;
    if (uid != null
        && "root".equals(System.getProperty("user.name"))
        && Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
      command.addAll(
          List.of("/usr/bin/setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups"));
      requireReachableByOthers(JAR);
    }
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-jar");
    command.add(JAR.toString());

    try {
      Path log =
          Files.createDirectories(Repo.deploy("target/operator-logs")).resolve(podName + ".log");
      var builder =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().clear();
      builder.environment().putAll(env);
      return new OperatorProcess(podName, port, log, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The HTTP status of a GET on this replica's port, or -1 while it does not answer. */
  int get(String path) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  String body(String path) throws IOException, InterruptedException {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  boolean alive() {
    return process.isAlive();
  }

  String log() {
    return Repo.read(log);
  }

  /** What the kubelet does first when the pod is deleted: SIGTERM. */
  void terminate() {
    process.destroy();
  }

  /** Whether the JVM has exited within {@code timeout}. */
  boolean exitsWithin(java.time.Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** SIGTERM, a few seconds' grace, then SIGKILL (the test does not wait a whole grace period). */
  @Override
  public void close() {
    terminate();
    if (!exitsWithin(java.time.Duration.ofSeconds(5))) {
      process.destroyForcibly();
    }
  }

  private static String value(Map<String, Object> env, String namespace, String podName) {
    if (env.containsKey("value")) {
      return String.valueOf(env.get("value"));
    }
    String field = Yaml.at(env, "valueFrom", "fieldRef", "fieldPath");
    return switch (String.valueOf(field)) {
      case "metadata.namespace" -> namespace;
      case "metadata.name" -> podName;
      default -> throw new IllegalArgumentException("cannot resolve env " + env);
    };
  }

  static long bytes(String quantity) {
    var units = Map.of("Ki", 1L << 10, "Mi", 1L << 20, "Gi", 1L << 30);
    for (var unit : units.entrySet()) {
      if (quantity.endsWith(unit.getKey())) {
        return Long.parseLong(quantity.substring(0, quantity.length() - 2)) * unit.getValue();
      }
    }
    return Long.parseLong(quantity);
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
