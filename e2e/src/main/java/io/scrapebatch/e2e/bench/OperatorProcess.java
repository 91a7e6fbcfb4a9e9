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
  static final String RECONCILIATIONS_STARTED = "operator_sdk_reconciliations_started_total";

  private final Process process;
  private final int port;
  private final long startedAt = System.nanoTime();
  private final HttpClient http = HttpClient.newHttpClient();

  private OperatorProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * @param namespaces the {@code --namespaces} value; empty watches all
   * @param log where its output goes
   */
  static OperatorProcess start(
      Path jar, String jvm, String args, LocalCluster cluster, Path log, String namespaces)
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
            "--namespaces=" + namespaces,
            "--http-port=" + port,
            "--master-url=" + cluster.controlPlane().masterUrl(),
            "--job-image=" + LocalCluster.JOB_IMAGE));
    if (!args.isBlank()) {
      command.addAll(List.of(args.trim().split("\\s+")));
    }
    var builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("KUBECONFIG", cluster.controlPlane().kubeconfig().toString());
    builder.environment().put("LOG_FORMAT", "text");
    return new OperatorProcess(builder.start(), port);
  }

  void awaitReady(Duration timeout) throws InterruptedException {
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

  /** Its /metrics. */
  PrometheusText metrics() {
    try {
      return new PrometheusText(
          http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits until the operator has finished a reconciliation of each of {@code batches} (an informer
   * start reconciles every stored batch once) with none in flight.
   *
   * @return the time since the process started
   */
  Duration awaitSynced(long batches, Duration timeout) throws InterruptedException {
    var deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      var m = metrics();
      double started = m.sum(RECONCILIATIONS_STARTED);
      double finished = m.sum(Burst.RECONCILE_TIMER + "_count");
      if (started >= batches && finished >= started) {
        return Duration.ofNanos(System.nanoTime() - startedAt);
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("operator did not reconcile " + batches + " in " + timeout);
  }

  /** CPU time the process has used so far (user + system), from /proc. */
  double cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      // Fields after the command name (which may hold spaces): utime and stime are 14 and 15.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  /**
   * The heap the process still uses after a full collection ({@code jcmd GC.run}, then {@code
   * GC.heap_info}): what its data takes, whatever the heap has grown to.
   */
  long liveHeapBytes() {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    String pid = Long.toString(process.pid());
    try {
      run(jcmd, pid, "GC.run");
      long used = 0;
      for (String line : run(jcmd, pid, "GC.heap_info").split("\n")) {
        var m = HEAP_USED.matcher(line);
        if (m.find() && !line.contains("Metaspace") && !line.contains("class space")) {
          used += Long.parseLong(m.group(1)) * 1024;
        }
      }
      return used;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static final java.util.regex.Pattern HEAP_USED =
      java.util.regex.Pattern.compile("generation +total \\d+K, used (\\d+)K");

  private static String run(String... command) throws IOException, InterruptedException {
    var p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    return out;
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
    try {
      process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
