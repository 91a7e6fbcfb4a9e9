package io.scrapebatch.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.scrapebatch.api.job.TerminationReport;
import io.scrapebatch.api.v1alpha1.AttemptState;
import io.scrapebatch.api.v1alpha1.BatchResult;
import io.scrapebatch.api.v1alpha1.ExecutionMode;
import io.scrapebatch.api.v1alpha1.FailureClass;
import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.api.v1alpha1.ScrapeBatch;
import io.scrapebatch.api.v1alpha1.ScrapeBatchSpec;
import io.scrapebatch.api.v1alpha1.Specs;
import io.scrapebatch.api.v1alpha1.Timeouts;
import io.scrapebatch.operator.app.OperatorApp;
import io.scrapebatch.operator.policy.Memory;
import io.scrapebatch.operator.policy.NameRules;
import io.scrapebatch.operator.policy.ResourceNames;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator on a real API server, with the test playing kubelet and Spark driver: it writes the
 * pod states a cluster would report and checks the batch's status, pods and events.
 */
@EnableKubeAPIServer
class ScrapeBatchReconcilerIT {
  static final String NS = "reconciler-it";
  static final long GIB = 1L << 30;
  static KubernetesClient client;
  static OperatorApp operator;
  static PodScript kubelet;

  @BeforeAll
  static void startOperator() {
    OperatorHarness.prepare(client, NS);
    operator = OperatorHarness.start(client, NS);
    kubelet = new PodScript(client, NS);
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  @Test
  void aSmallBatchRunsAsOneLocalModePodToSuccess() {
    var sb = create("happy", OperatorHarness.input(4096), ExecutionMode.AUTO, 3);
    String driver = driverName(sb, 1);

    var pod = kubelet.awaitPod(driver);
    assertThat(pod.getSpec().getContainers().get(0).getArgs()).contains("--batch-id");
    awaitPhase(sb, Phase.Launching);
    kubelet.run(driver);
    kubelet.annotate(
        driver, "scrapebatch.io/progress", "{\"step\":\"dedup\",\"tasksDone\":3,\"tasksTotal\":8}");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              var s = get(sb).getStatus();
              assertThat(s.phase()).isEqualTo(Phase.Running);
              assertThat(s.progress()).isNotNull();
              assertThat(s.progress().tasksDone()).isEqualTo(3);
            });
    kubelet.succeed(
        driver,
        report(0, null, "merged", new BatchResult(100L, 1L, 4L, Map.of(), 6L, 0L, 90L, -1L, 0L)));

    var done = awaitPhase(sb, Phase.Succeeded);
    var s = done.getStatus();
    assertThat(s.result().recordsWritten()).isEqualTo(90);
    assertThat(s.attempts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.state()).isEqualTo(AttemptState.Succeeded);
              assertThat(a.sizing().mode()).isEqualTo(ExecutionMode.LOCAL);
            });
    assertThat(s.observedGeneration()).isEqualTo(done.getMetadata().getGeneration());
    assertThat(s.conditions())
        .anySatisfy(
            c -> {
              assertThat(c.type()).isEqualTo("Ready");
              assertThat(c.status()).isEqualTo("True");
            });
    assertThat(eventReasons(sb)).contains("Launching", "Running", "Succeeded");
    assertThat(
            client
                .services()
                .inNamespace(NS)
                .withLabel("scrapebatch.io/batch", "happy")
                .list()
                .getItems())
        .isEmpty();
  }

  @Test
  void anExecutorOomIsRetriedWithMoreExecutorMemoryAndThenSucceeds() {
    var sb = create("executor-oom", OperatorHarness.input(4096), ExecutionMode.CLUSTER, 3);
    String first = driverName(sb, 1);
    var driver = kubelet.awaitPod(first);
    assertThat(sparkProperties(sb, 1)).containsEntry("spark.executor.memory", "4g");
    kubelet.run(first);
    String executor = kubelet.createExecutor(driver, 1);
    kubelet.terminate(executor, "Failed", 137, "OOMKilled", "");
    kubelet.terminate(
        first,
        "Failed",
        1,
        "Error",
        "Job aborted due to stage failure: ExecutorLostFailure (executor 1 exited caused by one of the running tasks) Reason: exit code 137");

    String second = driverName(sb, 2);
    kubelet.awaitPod(second);
    assertThat(sparkProperties(sb, 2)).containsEntry("spark.executor.memory", "6g");
    var retrying = get(sb).getStatus();
    assertThat(retrying.attempts().get(0).failure().type()).isEqualTo(FailureClass.ExecutorOOM);
    assertThat(retrying.attempts().get(0).failure().evidence())
        .anySatisfy(e -> assertThat(e).contains("OOMKilled"));
    assertThat(retrying.attempts().get(1).adjustment())
        .isEqualTo("ExecutorOOM: executor memory 4Gi → 6Gi");
    kubelet.run(second);
    kubelet.succeed(
        second,
        report(0, null, "merged", new BatchResult(10L, 0L, 0L, Map.of(), 0L, 0L, 10L, 0L, 1L)));

    var s = awaitPhase(sb, Phase.Succeeded).getStatus();
    assertThat(s.attempts())
        .extracting(a -> a.state())
        .containsExactly(AttemptState.Failed, AttemptState.Succeeded);
    assertThat(
            client
                .pods()
                .inNamespace(NS)
                .withLabel("scrapebatch.io/batch", "executor-oom")
                .withLabel("spark-role", "driver")
                .list()
                .getItems())
        .hasSize(2);
    assertThat(eventReasons(sb)).contains("Retrying");
  }

  @Test
  void aDriverOomDoublesTheDriverPodsMemory() {
    var sb = create("driver-oom", OperatorHarness.input(4096), ExecutionMode.CLUSTER, 3);
    String first = driverName(sb, 1);
    assertThat(memoryLimit(kubelet.awaitPod(first))).isEqualTo(Memory.parse("1408Mi"));
    kubelet.terminate(first, "Failed", 137, "OOMKilled", "");

    var second = kubelet.awaitPod(driverName(sb, 2));

    assertThat(memoryLimit(second)).isEqualTo(Memory.parse("2432Mi")); // 2 GiB + 384 MiB
    assertThat(get(sb).getStatus().attempts().get(0).failure().type())
        .isEqualTo(FailureClass.DriverOOM);
  }

  @Test
  void aSerializationErrorFailsTheBatchAtOnce() {
    var sb = create("not-serializable", OperatorHarness.input(4096), ExecutionMode.AUTO, 3);
    String driver = driverName(sb, 1);
    kubelet.run(driver);
    kubelet.terminate(
        driver,
        "Failed",
        12,
        "Error",
        report(12, FailureClass.SerializationError, "Task not serializable", null));

    var s = awaitPhase(sb, Phase.Failed).getStatus();

    assertThat(s.attempts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.failure().type()).isEqualTo(FailureClass.SerializationError);
              assertThat(a.failure().retryable()).isFalse();
            });
    assertThat(s.message()).isEqualTo("SerializationError is not retryable: Task not serializable");
    assertThat(s.conditions())
        .anySatisfy(
            c -> {
              assertThat(c.type()).isEqualTo("Stalled");
              assertThat(c.status()).isEqualTo("True");
            });
    assertThat(eventReasons(sb)).contains("Failed");
  }

  @Test
  void aContractViolationFailsAtOnceKeepingTheQuarantineCount() {
    var sb = create("contract", OperatorHarness.input(4096), ExecutionMode.AUTO, 3);
    String driver = driverName(sb, 1);
    kubelet.terminate(
        driver,
        "Failed",
        10,
        "Error",
        report(
            10,
            FailureClass.ContractViolation,
            "invalid ratio 0.40 exceeds 0.05",
            new BatchResult(
                100L, 0L, 40L, Map.of("url.required", 40L), null, null, 0L, null, null)));

    var s = awaitPhase(sb, Phase.Failed).getStatus();

    assertThat(s.attempts()).hasSize(1);
    assertThat(s.result().recordsQuarantined()).isEqualTo(40);
    assertThat(s.attempts().get(0).failure().type()).isEqualTo(FailureClass.ContractViolation);
  }

  @Test
  void anEvictedDriverIsRetriedWithTheSameSizing() {
    var sb = create("evicted", OperatorHarness.input(4096), ExecutionMode.CLUSTER, 3);
    kubelet.evict(driverName(sb, 1));

    kubelet.awaitPod(driverName(sb, 2));

    var attempts = get(sb).getStatus().attempts();
    assertThat(attempts.get(0).failure().type()).isEqualTo(FailureClass.Infrastructure);
    assertThat(attempts.get(1).sizing()).isEqualTo(attempts.get(0).sizing());
    assertThat(sparkProperties(sb, 2))
        .isEqualTo(withoutAttemptSpecifics(sparkProperties(sb, 1), sparkProperties(sb, 2)));
  }

  @Test
  void exhaustedAttemptsFailWithTheFullHistory() {
    var sb = create("exhausted", OperatorHarness.input(4096), ExecutionMode.CLUSTER, 2);
    kubelet.terminate(
        driverName(sb, 1), "Failed", 1, "Error", "java.lang.IllegalStateException: boom");
    kubelet.terminate(
        driverName(sb, 2), "Failed", 1, "Error", "java.lang.IllegalStateException: boom again");

    var s = awaitPhase(sb, Phase.Failed).getStatus();

    assertThat(s.attempts())
        .hasSize(2)
        .allSatisfy(
            a -> {
              assertThat(a.state()).isEqualTo(AttemptState.Failed);
              assertThat(a.failure().type()).isEqualTo(FailureClass.Unknown);
              assertThat(a.failure().evidence())
                  .anySatisfy(e -> assertThat(e).contains("IllegalStateException"));
              assertThat(a.finishedAt()).isNotNull();
            });
    assertThat(s.message()).startsWith("all 2 attempts failed; last: Unknown");
  }

  @Test
  void everythingABatchCreatesIsOwnedByItForTheGarbageCollector() {
    var sb = create("owned", OperatorHarness.input(4096), ExecutionMode.CLUSTER, 3);
    var driver = kubelet.awaitPod(driverName(sb, 1));
    String uid = get(sb).getMetadata().getUid();

    var owned =
        List.of(
            driver.getMetadata(),
            client
                .services()
                .inNamespace(NS)
                .withName(driver.getMetadata().getName() + "-svc")
                .get()
                .getMetadata(),
            client
                .configMaps()
                .inNamespace(NS)
                .withName(names(sb, 1).configMap())
                .get()
                .getMetadata());
    assertThat(owned)
        .allSatisfy(
            m ->
                assertThat(m.getOwnerReferences())
                    .singleElement()
                    .satisfies(
                        r -> {
                          assertThat(r.getUid()).isEqualTo(uid);
                          assertThat(r.getController()).isTrue();
                        }));

    client.resource(get(sb)).delete();
    await().atMost(Duration.ofSeconds(10)).until(() -> get(sb) == null);
    // kube-api-test runs no garbage collector; the e2e tier checks the pods actually go.
    assertThat(
            client
                .pods()
                .inNamespace(NS)
                .withName(driver.getMetadata().getName())
                .get()
                .getMetadata()
                .getOwnerReferences()
                .get(0)
                .getUid())
        .isEqualTo(uid);
  }

  @Test
  void theMetricsEndpointServesBatchesByPhaseAndTheHealthProbesAnswer() throws Exception {
    var http = HttpClient.newHttpClient();
    String base = "http://localhost:" + operator.httpPort();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        http.send(
                                HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
                                HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(200));
    var metrics =
        http.send(
                HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();

    assertThat(metrics)
        .contains("scrapebatch_batches{phase=\"Running\"}")
        .contains("scrapebatch_launch_latency_seconds_bucket");
    assertThat(
            http.send(
                    HttpRequest.newBuilder(URI.create(base + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void aPatternTheJobCannotCompileFailsTheBatchBeforeAnyPod() {
    var sb =
        OperatorHarness.batch(
            "bad-pattern", NS, OperatorHarness.input(4096), ExecutionMode.AUTO, 3);
    var spec = Serialization.jsonMapper().valueToTree(sb.getSpec());
    ((ObjectNode) spec.withArray("/contract/fields").get(0)).put("pattern", "^(https?://");
    sb.setSpec(Serialization.jsonMapper().convertValue(spec, ScrapeBatchSpec.class));
    // CEL cannot compile a regex: the API server accepts it, the operator must not launch it.
    sb = client.resource(sb).create();

    var s = awaitPhase(sb, Phase.Failed).getStatus();

    assertThat(s.message())
        .startsWith("BadConfiguration: spec.contract.fields[0].pattern: ")
        .contains("missing closing )");
    assertThat(s.attempts()).isNullOrEmpty();
    assertThat(client.pods().inNamespace(NS).withName(driverName(sb, 1)).get()).isNull();
    assertThat(eventReasons(sb)).contains("Failed");
  }

  @Test
  void aBatchWithTheLongestValidNameRunsInClusterModeAndItsPodsAreFollowed() {
    String name = NameRules.LONGEST;
    var sb = create(name, OperatorHarness.input(4096), ExecutionMode.CLUSTER, 3);
    String first = driverName(sb, 1);

    var driver = kubelet.awaitPod(first);
    assertThat(client.services().inNamespace(NS).withName(names(sb, 1).driverService()).get())
        .isNotNull();
    assertThat(sparkProperties(sb, 1))
        .containsEntry("spark.kubernetes.executor.podNamePrefix", names(sb, 1).prefix());
    // Selectable by the (cut and hashed) label: what the operator's own lookups use.
    assertThat(
            client
                .pods()
                .inNamespace(NS)
                .withLabel("scrapebatch.io/batch", ResourceNames.labelValue(name))
                .list()
                .getItems())
        .extracting(p -> p.getMetadata().getName())
        .containsExactly(first);
    kubelet.run(first);
    String executor = kubelet.createExecutor(driver, 1);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              var s = get(sb).getStatus();
              assertThat(s.phase()).isEqualTo(Phase.Running);
              assertThat(s.attempts().get(0).executorPods()).containsExactly(executor);
            });
    kubelet.succeed(
        first,
        report(0, null, "merged", new BatchResult(10L, 0L, 0L, Map.of(), 0L, 0L, 10L, 0L, 1L)));

    awaitPhase(sb, Phase.Succeeded);
    assertThat(eventReasons(sb)).contains("Launching", "Running", "Succeeded");
  }

  @Test
  void executorsNoNodeCanTakeFailTheAttemptAfterThePendingTimeoutWithTheSchedulersMessage() {
    String noNode = "0/3 nodes are available: 3 Insufficient memory.";
    var spec =
        OperatorHarness.batch("no-room", NS, OperatorHarness.input(4096), ExecutionMode.CLUSTER, 3);
    var sb =
        client
            .resource(
                Specs.single("url")
                    .source(spec.getSpec().source().uri())
                    .target(
                        spec.getSpec().target().table(), spec.getSpec().target().quarantine(), null)
                    .resources(spec.getSpec().resources())
                    .retry(spec.getSpec().retry())
                    .timeouts(new Timeouts("3s", null))
                    .batch("no-room", NS))
            .create();
    String first = driverName(sb, 1);
    var driver = kubelet.awaitPod(first);
    kubelet.run(first);
    String executor = kubelet.createExecutor(driver, 1);
    kubelet.unschedulable(executor, noNode);

    kubelet.awaitPod(driverName(sb, 2));

    var failure = get(sb).getStatus().attempts().get(0).failure();
    assertThat(failure.type()).isEqualTo(FailureClass.Infrastructure);
    assertThat(failure.message()).contains("stayed Pending longer than PT3S").contains(noNode);
    assertThat(failure.evidence())
        .singleElement()
        .satisfies(e -> assertThat(e).contains(executor).contains("unschedulable: " + noNode));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.pods().inNamespace(NS).withName(first).get() == null);
  }

  @Test
  void aContractEditWhileABatchRunsWaitsForARerunAndTheStatusSaysWhichGenerationRan() {
    var sb = create("edited", OperatorHarness.input(4096), ExecutionMode.CLUSTER, 3);
    String first = driverName(sb, 1);
    kubelet.awaitPod(first);
    kubelet.run(first);
    awaitPhase(sb, Phase.Running);

    mergePatch(sb, "{\"spec\":{\"contract\":{\"maxInvalidRatio\":0.5}}}");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              var b = get(sb);
              assertThat(b.getMetadata().getGeneration()).isEqualTo(2);
              assertThat(b.getStatus().observedGeneration()).isEqualTo(2);
              assertThat(b.getStatus().phase()).isEqualTo(Phase.Running);
              assertThat(b.getStatus().attempts())
                  .singleElement()
                  .satisfies(a -> assertThat(a.generation()).isEqualTo(1));
            });
    // The attempt's pods keep the contract they were created with.
    assertThat(
            client
                .configMaps()
                .inNamespace(NS)
                .withName(names(sb, 1).configMap())
                .get()
                .getData()
                .get("contract.json"))
        .doesNotContain("0.5");
    kubelet.terminate(first, "Failed", 1, "Error", "java.lang.IllegalStateException: boom");

    var failed = awaitPhase(sb, Phase.Failed).getStatus();
    assertThat(failed.message())
        .contains("attempt 2 not launched: the spec changed to generation 2")
        .contains("spec.rerun");
    assertThat(client.pods().inNamespace(NS).withName(driverName(sb, 2)).get()).isNull();

    mergePatch(sb, "{\"spec\":{\"rerun\":\"with-the-new-contract\"}}");
    kubelet.awaitPod(driverName(sb, 2));
    assertThat(sparkProperties(sb, 2)).isNotNull();
    assertThat(
            client
                .configMaps()
                .inNamespace(NS)
                .withName(names(sb, 2).configMap())
                .get()
                .getData()
                .get("contract.json"))
        .contains("0.5");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(get(sb).getStatus().attempts())
                    .singleElement()
                    .satisfies(
                        a -> {
                          assertThat(a.number()).isEqualTo(2);
                          assertThat(a.generation()).isEqualTo(3);
                        }));
  }

  private static void mergePatch(ScrapeBatch sb, String json) {
    client
        .resources(ScrapeBatch.class)
        .inNamespace(NS)
        .withName(sb.getMetadata().getName())
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
            json);
  }

  // --- helpers

  private static ScrapeBatch create(
      String name, java.nio.file.Path input, ExecutionMode mode, int attempts) {
    return client.resource(OperatorHarness.batch(name, NS, input, mode, attempts)).create();
  }

  static ScrapeBatch get(ScrapeBatch sb) {
    return client
        .resources(ScrapeBatch.class)
        .inNamespace(NS)
        .withName(sb.getMetadata().getName())
        .get();
  }

  static ScrapeBatch awaitPhase(ScrapeBatch sb, Phase phase) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              var current = get(sb);
              return current.getStatus() != null && current.getStatus().phase() == phase;
            });
    return get(sb);
  }

  static ResourceNames names(ScrapeBatch sb, int attempt) {
    return new ResourceNames(sb.getMetadata().getName(), sb.getMetadata().getUid(), attempt);
  }

  static String driverName(ScrapeBatch sb, int attempt) {
    return names(sb, attempt).driverPod();
  }

  static Properties sparkProperties(ScrapeBatch sb, int attempt) {
    try {
      var cm = client.configMaps().inNamespace(NS).withName(names(sb, attempt).configMap()).get();
      var p = new Properties();
      p.load(new StringReader(cm.getData().get("spark.properties")));
      return p;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** attempt 1's properties with the names that differ per attempt replaced by attempt 2's. */
  static Properties withoutAttemptSpecifics(Properties first, Properties second) {
    var p = new Properties();
    p.putAll(first);
    for (String key :
        List.of(
            "spark.app.id",
            "spark.kubernetes.driver.pod.name",
            "spark.kubernetes.executor.podNamePrefix",
            "spark.driver.host",
            "spark.kubernetes.driver.label.scrapebatch.io/attempt",
            "spark.kubernetes.executor.label.scrapebatch.io/attempt")) {
      if (second.containsKey(key)) {
        p.put(key, second.get(key));
      }
    }
    return p;
  }

  static Memory memoryLimit(Pod pod) {
    Quantity q = pod.getSpec().getContainers().get(0).getResources().getLimits().get("memory");
    return Memory.ofBytes(q.getNumericalAmount().longValue());
  }

  static List<String> eventReasons(ScrapeBatch sb) {
    return client.events().v1().events().inNamespace(NS).list().getItems().stream()
        .filter(
            e ->
                e.getRegarding() != null
                    && sb.getMetadata().getName().equals(e.getRegarding().getName()))
        .map(e -> e.getReason())
        .toList();
  }

  static String report(int exit, FailureClass failure, String message, BatchResult result) {
    return new TerminationReport(exit, failure, message, List.of(message), result, null, 1000L)
        .toJson();
  }
}
