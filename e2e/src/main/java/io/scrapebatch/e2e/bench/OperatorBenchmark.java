package io.scrapebatch.e2e.bench;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code make bench-operator}: bursts of N ScrapeBatches applied at once on the local control
 * plane, with the kubelet completing every pod at once, against the operator running as its own JVM
 * (the jar and JVM flags of the image), watching all namespaces. The first burst runs on an empty
 * cluster; with {@code --stored}, a second operator starts over that many finished batches (the
 * first burst's and copies of them, with full statuses, over {@code --stored-namespaces}) and takes
 * the same burst. Prints apply → driver-pod latency, launches per minute, reconcile time and API
 * requests per batch and the operator's resident memory, as tables with the targets.
 */
@Command(name = "bench-operator", mixinStandardHelpOptions = true)
public final class OperatorBenchmark implements Callable<Integer> {
  static final String EMPTY_NS = "burst-empty";
  static final String STORED_NS = "burst-stored";

  @Option(names = "--batches", defaultValue = "200")
  int batches;

  @Option(
      names = "--stored",
      defaultValue = "0",
      description = "Finished batches in the cluster for the second burst; 0 runs one burst.")
  int stored;

  @Option(names = "--stored-namespaces", defaultValue = "100")
  int storedNamespaces;

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
    if (stored != 0 && stored < batches) {
      throw new CommandLine.ParameterException(
          new CommandLine(this),
          "--stored counts the first burst's %d batches: 0, or at least %d"
              .formatted(batches, batches));
    }
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
      var client = cluster.client();
      cluster.prepareNamespace(EMPTY_NS);
      Burst.Result empty;
      long idle;
      long emptyLive;
      try (var operator = operator(cluster, work.resolve("operator-empty.log"))) {
        operator.awaitReady(Duration.ofSeconds(60));
        idle = operator.rssBytes();
        empty = Burst.run(client, operator, EMPTY_NS, batches, name -> batch(name, input));
        emptyLive = operator.liveHeapBytes();
      }
      printBurst(empty, idle);
      if (stored == 0) {
        return empty.allLaunched() ? 0 : 1;
      }

      var finished =
          client.resources(ScrapeBatch.class).inNamespace(EMPTY_NS).list().getItems().stream()
              .filter(b -> b.getStatus() != null && b.getStatus().phase() == Phase.Succeeded)
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("the first burst finished no batch"));
      long seedStart = System.nanoTime();
      long bytes = StoredBatches.create(client, finished, stored - batches, storedNamespaces);
      System.out.printf(
          "%nstored %,d more finished batches over %d namespaces in %.0f s (%,d bytes of JSON,"
              + " %,d per batch)%n",
          stored - batches,
          storedNamespaces,
          (System.nanoTime() - seedStart) / 1e9,
          bytes,
          bytes / (stored - batches));
      cluster.prepareNamespace(STORED_NS);
      Burst.Result scaled;
      StoredRun run;
      try (var operator = operator(cluster, work.resolve("operator-stored.log"))) {
        operator.awaitReady(Duration.ofMinutes(5));
        double cpuAtReady = operator.cpuSeconds();
        Duration sync = operator.awaitSynced(stored, Duration.ofMinutes(10));
        long rss = operator.rssBytes();
        double cpu = operator.cpuSeconds() - cpuAtReady;
        long live = operator.liveHeapBytes();
        scaled = Burst.run(client, operator, STORED_NS, batches, name -> batch(name, input));
        run = new StoredRun(sync, cpu, rss, live, operator.liveHeapBytes());
      }
      printScale(empty, idle, emptyLive, scaled, run);
      return empty.allLaunched() && scaled.allLaunched() ? 0 : 1;
    }
  }

  private OperatorProcess operator(LocalCluster cluster, Path log) throws java.io.IOException {
    return OperatorProcess.start(operatorJar, operatorJvm, operatorArgs, cluster, log, "");
  }

  private void printBurst(Burst.Result r, long idle) {
    System.out.printf(
        "%n%d ScrapeBatches applied at once on an empty cluster; pods complete at once (process"
            + " kubelet fast mode); %d cores%n%n",
        batches, Runtime.getRuntime().availableProcessors());
    System.out.println("| metric | value | target | met |");
    System.out.println("|---|---:|---:|---|");
    row(
        "apply → driver pod created, p50",
        "%.3f s",
        r.percentile(0.50),
        "≤ 1 s",
        r.percentile(0.50) <= 1);
    row(
        "apply → driver pod created, p99",
        "%.3f s",
        r.percentile(0.99),
        "≤ 3 s",
        r.percentile(0.99) <= 3);
    row("apply → driver pod created, max", "%.3f s", r.max(), "", null);
    row(
        "launches per minute",
        "%,.0f",
        r.launchesPerMinute(),
        "≥ 2,000",
        r.launchesPerMinute() >= 2000);
    System.out.printf(
        "| batches Succeeded | %d of %d in %.1f s | | |%n",
        r.succeeded(), r.batches(), r.secondsToAllSucceeded());
    row("reconciliations per batch", "%.1f", r.reconcilesPerBatch(), "", null);
    row("reconcile time per batch", "%.1f ms", r.reconcileMillisPerBatch(), "", null);
    row("operator CPU per batch", "%.1f ms", r.operatorCpuMillisPerBatch(), "", null);
    row("API requests per batch (all clients)", "%.1f", r.apiRequestsPerBatch(), "", null);
    System.out.printf(
        "| operator RSS idle / peak / end | %d / %d / %d MB | peak ≤ 300 MB | %s |%n",
        idle >> 20, r.rssPeak() >> 20, r.rssEnd() >> 20, met(r.rssPeak() <= 300L << 20));
    System.out.println(
        "\nAPI requests per batch during the burst, by verb and resource (all clients):");
    r.apiRequestsByCall()
        .forEach(
            (call, n) -> {
              if (n / r.batches() >= 0.05) {
                System.out.printf("  %-40s %.2f%n", call, n / r.batches());
              }
            });
    System.out.printf(
        "%noperator JVM: %s; flags: %s%n",
        operatorJvm, operatorArgs.isBlank() ? "defaults" : operatorArgs);
  }

  /**
   * The operator over the stored batches: its first pass over them, and its heap after a full
   * collection once it had passed over them and after the burst.
   */
  record StoredRun(
      Duration sync, double syncCpuSeconds, long rssSynced, long liveSynced, long liveAfterBurst) {}

  private void printScale(
      Burst.Result empty, long idle, long emptyLive, Burst.Result scaled, StoredRun run) {
    System.out.printf(
        "%nthe same burst with %,d finished batches stored over %d namespaces (a new operator:"
            + " it reconciled every stored batch once in %.1f s from its start, %.2f ms of CPU per"
            + " stored batch after it was ready; RSS %d MB then, %d MB idle on the empty cluster;"
            + " live heap %.1f MB then, %.1f MB after the empty cluster's burst: %.1f KB per stored"
            + " batch)%n%n",
        stored,
        storedNamespaces,
        run.sync().toMillis() / 1000.0,
        run.syncCpuSeconds() * 1000 / stored,
        run.rssSynced() >> 20,
        idle >> 20,
        run.liveSynced() / 1048576.0,
        emptyLive / 1048576.0,
        (run.liveSynced() - emptyLive) / 1024.0 / (stored - batches));
    System.out.println(
        "| metric | empty cluster | "
            + "%,d stored".formatted(stored)
            + " | ratio | target | met |");
    System.out.println("|---|---:|---:|---:|---:|---|");
    compare("apply → driver pod, p50 (s)", empty.percentile(0.5), scaled.percentile(0.5), 1.2);
    compare("apply → driver pod, p99 (s)", empty.percentile(0.99), scaled.percentile(0.99), 1.2);
    compare("launches per minute", empty.launchesPerMinute(), scaled.launchesPerMinute(), 0);
    compare(
        "reconcile time per batch (ms)",
        empty.reconcileMillisPerBatch(),
        scaled.reconcileMillisPerBatch(),
        1.2);
    compare(
        "operator CPU per batch (ms)",
        empty.operatorCpuMillisPerBatch(),
        scaled.operatorCpuMillisPerBatch(),
        1.2);
    compare(
        "reconciliations per batch", empty.reconcilesPerBatch(), scaled.reconcilesPerBatch(), 0);
    compare("API requests per batch", empty.apiRequestsPerBatch(), scaled.apiRequestsPerBatch(), 0);
    compare("operator RSS peak (MB)", empty.rssPeak() >> 20, scaled.rssPeak() >> 20, 1.3);
    compare("operator RSS end (MB)", empty.rssEnd() >> 20, scaled.rssEnd() >> 20, 1.3);
    compare(
        "operator live heap after the burst (MB)",
        emptyLive / 1048576.0,
        run.liveAfterBurst() / 1048576.0,
        0);
  }

  /** A row of the scale table; {@code bound} 0 has no target. */
  private static void compare(String metric, double empty, double scaled, double bound) {
    double ratio = scaled / empty;
    System.out.printf(
        "| %s | %,.2f | %,.2f | %.2f× | %s | %s |%n",
        metric,
        empty,
        scaled,
        ratio,
        bound == 0 ? "" : "≤ %.1f×".formatted(bound),
        bound == 0 ? "" : met(ratio <= bound));
  }

  private static void row(String metric, String format, double value, String target, Boolean met) {
    System.out.printf(
        "| %s | %s | %s | %s |%n",
        metric, format.formatted(value), target, met == null ? "" : met(met));
  }

  private static String met(boolean met) {
    return met ? "met" : "not met";
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
