package io.scrapebatch.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.scrapebatch.api.v1alpha1.FailureClass;
import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.api.v1alpha1.Resources;
import io.scrapebatch.api.v1alpha1.RetrySpec;
import io.scrapebatch.api.v1alpha1.ScrapeBatch;
import io.scrapebatch.api.v1alpha1.ScrapeBatchCrd;
import io.scrapebatch.api.v1alpha1.ScrapeBatchStatus;
import io.scrapebatch.api.v1alpha1.Specs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The worst status a batch can reach — the API's most attempts (20), each failing with its most
 * executors (1,000) killed for memory and a full 4 KiB log tail — built by the lifecycle and
 * written to a real API server: it stays tens of KiB, far below etcd's 1.5 MiB object limit.
 */
@EnableKubeAPIServer
class StatusBoundIT {
  static final String NS = "bound-it";
  static final Instant T0 = Instant.parse("2026-05-19T02:00:00Z");
  static final int ATTEMPTS = 20;
  static final int EXECUTORS = 1000;
  static KubernetesClient client;

  @Test
  void twentyFailedAttemptsOfAThousandExecutorsStayFarBelowTheObjectLimit() {
    var spec =
        Specs.products()
            .datePartitioned()
            .resources(
                new Resources(
                    io.scrapebatch.api.v1alpha1.ExecutionMode.CLUSTER,
                    1000,
                    1000,
                    2,
                    "1000Gi",
                    "4Gi",
                    "1Gi",
                    null))
            .retry(new RetrySpec(ATTEMPTS, "1s", "1s", 1.5))
            .build();
    var lifecycle =
        new BatchLifecycle(
            SizingRules.defaults(),
            5.0,
            new StorageSettings(Optional.empty(), "us-east-1", false, Optional.empty()),
            new ScriptedProbe(
                Optional.of(new ProbeResult.Measured(new InputSize(200L << 30, 5000, true)))));
    ScrapeBatchStatus status = null;
    Instant now = T0;
    String logTail = ("java.lang.IllegalStateException: " + "x".repeat(120) + "\n").repeat(32);
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      status = plan(lifecycle, spec, status, List.of(), now);
      var pods = new ArrayList<PodObservation>();
      pods.add(Batches.driver(attempt, PodPhase.Failed, now, new Termination(1, "Error", logTail)));
      // Odd attempts lose every executor to memory (a line of evidence each), even ones fail
      // otherwise with all their executors stopped: memory keeps growing, nothing gives up early.
      var executorEnd =
          attempt % 2 == 1
              ? new Termination(137, "OOMKilled", "")
              : new Termination(143, "Error", "");
      for (int e = 1; e <= EXECUTORS; e++) {
        pods.add(Batches.executor(attempt, e, now, executorEnd));
      }
      now = now.plusSeconds(120);
      status = plan(lifecycle, spec, status, pods, now);
      now = now.plusSeconds(5);
    }

    assertThat(status.phase()).isEqualTo(Phase.Failed);
    assertThat(status.message()).startsWith("all 20 attempts failed");
    assertThat(status.attempts()).hasSize(StatusLimits.ATTEMPTS);
    assertThat(status.attempts()).extracting(a -> a.number()).startsWith(1, 12).endsWith(20);
    assertThat(status.attemptsDropped().count()).isEqualTo(ATTEMPTS - StatusLimits.ATTEMPTS);
    assertThat(status.attemptsDropped().failures())
        .containsOnlyKeys(FailureClass.ExecutorOOM.name(), FailureClass.Unknown.name());
    assertThat(status.attemptsDropped().failures().values().stream().mapToInt(n -> n).sum())
        .isEqualTo(ATTEMPTS - StatusLimits.ATTEMPTS);
    assertThat(status.attempts())
        .allSatisfy(
            a -> {
              assertThat(a.executorPods()).hasSize(StatusLimits.EXECUTOR_NAMES);
              assertThat(a.executorsSeen()).isEqualTo(EXECUTORS);
              assertThat(a.failure().evidence())
                  .hasSizeLessThanOrEqualTo(StatusLimits.EVIDENCE_LINES);
            });

    var stored = write(spec, status);
    int bytes = Serialization.asJson(stored).getBytes(StandardCharsets.UTF_8).length;
    System.out.printf("worst-case ScrapeBatch as stored: %,d bytes%n", bytes);
    assertThat(stored.getStatus().attempts()).hasSize(StatusLimits.ATTEMPTS);
    assertThat(bytes).as("bytes of the stored object").isLessThan(128 * 1024);
  }

  private static ScrapeBatchStatus plan(
      BatchLifecycle lifecycle,
      io.scrapebatch.api.v1alpha1.ScrapeBatchSpec spec,
      ScrapeBatchStatus status,
      List<PodObservation> pods,
      Instant now) {
    return lifecycle.plan(Batches.snapshot(1, spec, status, pods, now)).status();
  }

  /** The batch with this status, through the API server's status subresource. */
  private static ScrapeBatch write(
      io.scrapebatch.api.v1alpha1.ScrapeBatchSpec spec, ScrapeBatchStatus status) {
    ScrapeBatchCrd.install(client, Duration.ofSeconds(30));
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    var batch = new ScrapeBatch();
    batch.getMetadata().setName(Batches.NAME);
    batch.getMetadata().setNamespace(NS);
    batch.setSpec(spec);
    var created = client.resource(batch).create();
    created.setStatus(status);
    client.resource(created).updateStatus();
    return client.resources(ScrapeBatch.class).inNamespace(NS).withName(Batches.NAME).get();
  }
}
