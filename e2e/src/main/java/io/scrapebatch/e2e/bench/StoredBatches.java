package io.scrapebatch.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.scrapebatch.api.v1alpha1.ScrapeBatch;
import io.scrapebatch.api.v1alpha1.ScrapeBatchStatus;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Months of finished batches: copies of one the operator finished, spread over namespaces, each
 * with a full status of 1–5 attempts (all but the last failed for memory, with evidence), as a
 * platform keeps them for its history.
 */
final class StoredBatches {
  static final int MAX_ATTEMPTS = 5;
  private static final int THREADS = 8;

  /** Creates {@code count} batches over {@code namespaces} namespaces; returns their JSON bytes. */
  static long create(KubernetesClient client, ScrapeBatch finished, int count, int namespaces)
      throws InterruptedException {
    for (int n = 0; n < namespaces; n++) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace(n)).endMetadata().build())
          .serverSideApply();
    }
    var bytes = new AtomicLong();
    var pool = Executors.newFixedThreadPool(THREADS);
    for (int i = 0; i < count; i++) {
      int index = i;
      pool.submit(
          () -> {
            var batch = new ScrapeBatch();
            batch.getMetadata().setName("stored-" + index);
            batch.getMetadata().setNamespace(namespace(index % namespaces));
            batch.setSpec(finished.getSpec());
            var created = client.resource(batch).create();
            created.setStatus(status(finished.getStatus(), 1 + index % MAX_ATTEMPTS));
            var stored = client.resource(created).updateStatus();
            bytes.addAndGet(Serialization.asJson(stored).length());
          });
    }
    pool.shutdown();
    if (!pool.awaitTermination(30, TimeUnit.MINUTES)) {
      throw new IllegalStateException("stored batches not created in 30 minutes");
    }
    return bytes.get();
  }

  static String namespace(int n) {
    return "stored-%03d".formatted(n);
  }

  /** {@code finished}'s status with {@code attempts} attempts, the earlier ones failed. */
  static ScrapeBatchStatus status(ScrapeBatchStatus finished, int attempts) {
    ObjectNode status = Serialization.jsonMapper().valueToTree(finished);
    JsonNode last = status.withArray("attempts").get(0);
    ArrayNode all = status.putArray("attempts");
    for (int k = 1; k < attempts; k++) {
      ObjectNode failed = last.deepCopy();
      failed.put("number", k);
      failed.put("state", "Failed");
      String driver = last.path("driverPod").asText().replaceAll("-a\\d+-", "-a" + k + "-");
      failed.put("driverPod", driver);
      ObjectNode failure = failed.putObject("failure");
      failure.put("type", "ExecutorOOM");
      failure.put("retryable", true);
      failure.put("message", "2 executor(s) ran out of memory");
      ArrayNode evidence = failure.putArray("evidence");
      for (String line :
          List.of(
              "executor pod %s-exec-1: OOMKilled, exit code 137, memory limit 4506Mi",
              "executor pod %s-exec-2: OOMKilled, exit code 137, memory limit 4506Mi",
              "java.lang.OutOfMemoryError: Java heap space")) {
        evidence.add(line.formatted(driver.replace("-driver", "")));
      }
      failure.put("exitCode", 15);
      failure.put("pod", driver);
      all.add(failed);
    }
    ObjectNode succeeded = last.deepCopy();
    succeeded.put("number", attempts);
    all.add(succeeded);
    status.put("attempt", attempts);
    return Serialization.jsonMapper().convertValue(status, ScrapeBatchStatus.class);
  }

  private StoredBatches() {}
}
