package io.scrapebatch.e2e.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.api.v1alpha1.ScrapeBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One burst: {@code count} batches created at once in {@code namespace} against a running operator,
 * measured from each create to its driver pod's creation, and what the operator and the API server
 * did for it (from their /metrics, before and after).
 */
final class Burst {
  static final String RECONCILE_TIMER = "operator_sdk_controllers_execution_reconcile_seconds";
  static final String API_REQUESTS = "apiserver_request_total";
  private static final int APPLY_THREADS = 8;
  private static final Duration DEADLINE = Duration.ofMinutes(5);

  /**
   * @param latencies seconds from create to driver pod, sorted
   * @param reconciles reconciliations the operator ran during the burst
   * @param reconcileSeconds their summed time
   * @param apiRequests requests the API server answered during the burst (all clients)
   */
  record Result(
      int batches,
      List<Double> latencies,
      double launchesPerMinute,
      double secondsToAllSucceeded,
      long succeeded,
      long rssBefore,
      long rssPeak,
      long rssEnd,
      double reconciles,
      double reconcileSeconds,
      double operatorCpuSeconds,
      double apiRequests,
      Map<String, Double> apiRequestsByCall) {

    double percentile(double p) {
      if (latencies.isEmpty()) {
        return Double.NaN;
      }
      int index = (int) Math.ceil(p * latencies.size()) - 1;
      return latencies.get(Math.max(0, Math.min(latencies.size() - 1, index)));
    }

    double max() {
      return latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() - 1);
    }

    double reconcileMillisPerBatch() {
      return reconcileSeconds * 1000 / batches;
    }

    double operatorCpuMillisPerBatch() {
      return operatorCpuSeconds * 1000 / batches;
    }

    double reconcilesPerBatch() {
      return reconciles / batches;
    }

    double apiRequestsPerBatch() {
      return apiRequests / batches;
    }

    boolean allLaunched() {
      return latencies.size() == batches;
    }
  }

  static Result run(
      KubernetesClient client,
      OperatorProcess operator,
      String namespace,
      int count,
      Function<String, ScrapeBatch> batch)
      throws InterruptedException {
    Map<String, Long> applied = new ConcurrentHashMap<>();
    Map<String, Long> driverSeen = new ConcurrentHashMap<>();
    var watch =
        client
            .pods()
            .inNamespace(namespace)
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
    long rssBefore = operator.rssBytes();
    double cpuBefore = operator.cpuSeconds();
    var operatorBefore = operator.metrics();
    var apiBefore = apiServerMetrics(client);
    var sampler = operator.sampleRss();
    var pool = Executors.newFixedThreadPool(APPLY_THREADS);
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      String name = namespace + "-" + i;
      pool.submit(
          () -> {
            client.resource(batch.apply(name)).inNamespace(namespace).create();
            applied.put(name, System.nanoTime());
          });
    }
    pool.shutdown();
    pool.awaitTermination(DEADLINE.toMinutes(), TimeUnit.MINUTES);
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (driverSeen.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    long allLaunched = System.nanoTime();
    while (succeeded(client, namespace) < count && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    long allDone = System.nanoTime();
    watch.close();
    long peak = sampler.stop();
    var operatorAfter = operator.metrics();
    var apiAfter = apiServerMetrics(client);

    List<Double> latencies = new ArrayList<>();
    applied.forEach(
        (name, at) ->
            Optional.ofNullable(driverSeen.get(name))
                .ifPresent(seen -> latencies.add((seen - at) / 1e9)));
    latencies.sort(Double::compare);
    return new Result(
        count,
        latencies,
        driverSeen.size() / ((allLaunched - start) / 60e9),
        (allDone - start) / 1e9,
        succeeded(client, namespace),
        rssBefore,
        peak,
        operator.rssBytes(),
        operatorAfter.sum(RECONCILE_TIMER + "_count")
            - operatorBefore.sum(RECONCILE_TIMER + "_count"),
        operatorAfter.sum(RECONCILE_TIMER + "_sum") - operatorBefore.sum(RECONCILE_TIMER + "_sum"),
        operator.cpuSeconds() - cpuBefore,
        apiAfter.sum(API_REQUESTS) - apiBefore.sum(API_REQUESTS),
        delta(
            apiBefore.sumBy(API_REQUESTS, "verb", "resource"),
            apiAfter.sumBy(API_REQUESTS, "verb", "resource")));
  }

  /** Requests per verb and resource made during the burst, those with any. */
  private static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
    var made = new java.util.TreeMap<String, Double>();
    after.forEach(
        (call, n) -> {
          double d = n - before.getOrDefault(call, 0.0);
          if (d > 0) {
            made.put(call, d);
          }
        });
    return made;
  }

  static PrometheusText apiServerMetrics(KubernetesClient client) {
    return new PrometheusText(client.raw("/metrics"));
  }

  static long succeeded(KubernetesClient client, String namespace) {
    return client.resources(ScrapeBatch.class).inNamespace(namespace).list().getItems().stream()
        .filter(b -> b.getStatus() != null && b.getStatus().phase() == Phase.Succeeded)
        .count();
  }

  private Burst() {}
}
