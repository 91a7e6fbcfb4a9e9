package io.scrapebatch.e2e.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.scrapebatch.api.job.TerminationReport;
import io.scrapebatch.api.v1alpha1.BatchResult;
import io.scrapebatch.api.v1alpha1.Dedup;
import io.scrapebatch.api.v1alpha1.FieldRule;
import io.scrapebatch.api.v1alpha1.FieldType;
import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.api.v1alpha1.SchemaContract;
import io.scrapebatch.api.v1alpha1.ScrapeBatch;
import io.scrapebatch.api.v1alpha1.ScrapeBatchSpec;
import io.scrapebatch.api.v1alpha1.Source;
import io.scrapebatch.api.v1alpha1.Target;
import io.scrapebatch.e2e.cluster.LocalCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code make bench-operator}: N ScrapeBatches applied at once on the local control plane, with the
 * kubelet completing every pod at once, against the operator running as its own JVM (the jar and
 * JVM flags of the image). Measures apply → driver-pod-created latency, launches per minute and the
 * operator's resident memory, and prints them as a table.
 */
@Command(name = "bench-operator", mixinStandardHelpOptions = true)
public final class OperatorBenchmark implements Callable<Integer> {
  private static final String NS = "bench";

  @Option(names = "--batches", defaultValue = "200")
  int batches;

  @Option(names = "--operator-jar", required = true)
  Path operatorJar;

  @Option(
      names = "--operator-jvm",
      defaultValue =
          "-Xms64m -Xmx192m -XX:+UseSerialGC -XX:MaxMetaspaceSize=160m -Xss512k -XX:TieredStopAtLevel=1")
  String operatorJvm;

  @Option(names = "--operator-args", defaultValue = "", description = "Extra operator flags.")
  String operatorArgs;

  @Option(
      names = "--image",
      required = true,
      description = "The assembled job image (unused by fast pods, checked for presence).")
  Path image;

  @Override
  public Integer call() throws Exception {
    Path work = Files.createTempDirectory("bench-operator");
    Path input = Files.createDirectories(work.resolve("raw"));
    Files.writeString(input.resolve("part-0.jsonl"), "{\"id\":\"1\"}\n");
    String report =
        new TerminationReport(
                0,
                null,
                "merged",
                List.of(),
                new BatchResult(1L, 0L, 0L, Map.of(), 0L, 0L, 1L, 0L, 1L),
                null,
                10L)
            .toJson();
    try (var cluster =
        LocalCluster.start(work.resolve("cluster"), image, Optional.of(pod -> report))) {
      cluster.prepareNamespace(NS);
      var operator =
          OperatorProcess.start(operatorJar, operatorJvm, operatorArgs, cluster, work, NS);
      try {
        return run(cluster, operator, input);
      } finally {
        operator.close();
      }
    }
  }

  private int run(LocalCluster cluster, OperatorProcess operator, Path input) throws Exception {
    var client = cluster.client();
    Map<String, Long> applied = new ConcurrentHashMap<>();
    Map<String, Long> driverSeen = new ConcurrentHashMap<>();
    var watch =
        client
            .pods()
            .inNamespace(NS)
            .withLabel("spark-role", "driver")
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Pod pod) {
                    if (action == Action.ADDED) {
                      driverSeen.putIfAbsent(
                          pod.getMetadata().getLabels().get("scrapebatch.io/batch"),
                          System.nanoTime());
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
    operator.awaitReady(Duration.ofSeconds(60));
    long idleRss = operator.rssBytes();
    var sampler = operator.sampleRss();
    var pool = Executors.newFixedThreadPool(8);
    long start = System.nanoTime();
    for (int i = 0; i < batches; i++) {
      String name = "bench-" + i;
      pool.submit(
          () -> {
            client.resource(batch(name, input)).inNamespace(NS).create();
            applied.put(name, System.nanoTime());
          });
    }
    pool.shutdown();
    pool.awaitTermination(5, TimeUnit.MINUTES);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (driverSeen.size() < batches && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    long allLaunched = System.nanoTime();
    while (succeeded(cluster) < batches && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    long allDone = System.nanoTime();
    watch.close();
    long peakRss = sampler.stop();

    List<Double> latencies = new ArrayList<>();
    applied.forEach(
        (name, at) ->
            Optional.ofNullable(driverSeen.get(name))
                .ifPresent(seen -> latencies.add((seen - at) / 1e9)));
    latencies.sort(Double::compare);
    double launchMinutes = (allLaunched - start) / 60e9;
    print(
        latencies,
        driverSeen.size() / launchMinutes,
        (allDone - start) / 1e9,
        succeeded(cluster),
        idleRss,
        peakRss,
        operator.rssBytes());
    return driverSeen.size() == batches ? 0 : 1;
  }

  private void print(
      List<Double> lat,
      double perMinute,
      double totalSeconds,
      long succeeded,
      long idle,
      long peak,
      long end) {
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf(
        "%n%d ScrapeBatches applied at once; pods complete at once (process kubelet fast mode); %d cores%n%n",
        batches, cores);
    System.out.println("| metric | value | target |");
    System.out.println("|---|---:|---:|");
    System.out.printf(
        "| apply → driver pod created, p50 | %.3f s | ≤ 1 s |%n", percentile(lat, 0.50));
    System.out.printf(
        "| apply → driver pod created, p99 | %.3f s | ≤ 5 s |%n", percentile(lat, 0.99));
    System.out.printf(
        "| apply → driver pod created, max | %.3f s | |%n",
        lat.isEmpty() ? Double.NaN : lat.get(lat.size() - 1));
    System.out.printf("| launches per minute | %.0f | ≥ 600 |%n", perMinute);
    System.out.printf(
        "| batches Succeeded | %d of %d in %.1f s | |%n", succeeded, batches, totalSeconds);
    System.out.printf(
        "| operator RSS idle / peak / end | %d / %d / %d MB | peak ≤ 350 MB |%n",
        idle >> 20, peak >> 20, end >> 20);
    System.out.printf(
        "%noperator JVM: %s; flags: %s%n",
        operatorJvm, operatorArgs.isBlank() ? "defaults" : operatorArgs);
  }

  private static double percentile(List<Double> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static long succeeded(LocalCluster cluster) {
    return cluster.client().resources(ScrapeBatch.class).inNamespace(NS).list().getItems().stream()
        .filter(b -> b.getStatus() != null && b.getStatus().phase() == Phase.Succeeded)
        .count();
  }

  private static ScrapeBatch batch(String name, Path input) {
    var sb = new ScrapeBatch();
    sb.getMetadata().setName(name);
    sb.setSpec(
        new ScrapeBatchSpec(
            new Source(input.toUri().toString()),
            new SchemaContract(
                List.of(
                    new FieldRule(
                        "id", FieldType.STRING, true, null, null, null, null, null, null, null)),
                null),
            new Dedup(List.of("id"), null, null),
            new Target("/tmp/bench/" + name, "/tmp/bench/" + name + "_q", null),
            null,
            null,
            null,
            null,
            null,
            Map.of(),
            null,
            null,
            null));
    return sb;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new OperatorBenchmark()).execute(args));
  }
}
