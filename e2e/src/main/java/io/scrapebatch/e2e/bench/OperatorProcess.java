package io.scrapebatch.e2e.bench;

import io.scrapebatch.e2e.cluster.LocalCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** The operator jar as its own process, so its memory is its own. */
final class OperatorProcess implements AutoCloseable {
  private final Process process;
  private final int port;

  private OperatorProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static OperatorProcess start(
      Path jar, String jvm, String args, LocalCluster cluster, Path work, String namespace)
      throws IOException {
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvm.trim().split("\\s+")));
    command.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "--namespaces=" + namespace,
            "--http-port=" + port,
            "--master-url=" + cluster.controlPlane().masterUrl(),
            "--job-image=" + LocalCluster.JOB_IMAGE));
    if (!args.isBlank()) {
      command.addAll(List.of(args.trim().split("\\s+")));
    }
    var builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("operator.log").toFile());
    builder.environment().put("KUBECONFIG", cluster.controlPlane().kubeconfig().toString());
    builder.environment().put("LOG_FORMAT", "text");
    return new OperatorProcess(builder.start(), port);
  }

  void awaitReady(Duration timeout) throws InterruptedException {
    var http = HttpClient.newHttpClient();
    var deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      try {
        var response =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("operator not ready in " + timeout);
  }

  long rssBytes() {
    try (var lines = Files.lines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      return lines
          .filter(l -> l.startsWith("VmRSS:"))
          .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024)
          .findFirst()
          .orElse(0);
    } catch (IOException e) {
      return 0;
    }
  }

  /** Samples RSS every 100 ms until stopped; returns the peak. */
  Sampler sampleRss() {
    var sampler = new Sampler();
    var thread =
        new Thread(
            () -> {
              while (sampler.running.get()) {
                sampler.peak.accumulateAndGet(rssBytes(), Math::max);
                try {
                  Thread.sleep(100);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "rss-sampler");
    thread.setDaemon(true);
    thread.start();
    return sampler;
  }

  static final class Sampler {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong peak = new AtomicLong();

    long stop() {
      running.set(false);
      return peak.get();
    }
  }

  @Override
  public void close() {
    process.destroy();
  }
}
