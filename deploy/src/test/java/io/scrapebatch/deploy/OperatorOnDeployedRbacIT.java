package io.scrapebatch.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.scrapebatch.api.job.TerminationReport;
import io.scrapebatch.api.v1alpha1.BatchResult;
import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.api.v1alpha1.ScrapeBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The production overlay applied to a real API server, and the operator jar run twice as its
 * Deployment would run it (environment, heap limit, uid) with nothing but the manifests'
 * ServiceAccount token: the RBAC is enough for a batch's whole life, leader election picks one
 * replica and fails over, the probes answer on both. The driver's Role is checked verb by verb.
 */
@EnableKubeAPIServer
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorOnDeployedRbacIT {
  static final String SYSTEM = "scrapebatch-system";
  static final String BATCHES = "team-a";
  static final String OPERATOR_SA = "system:serviceaccount:" + SYSTEM + ":scrapebatch-operator";
  static final String DRIVER_SA = "system:serviceaccount:" + BATCHES + ":scrapebatch-driver";
  static KubernetesClient client;
  static Kubectl kubectl;
  static Path work;
  static final List<OperatorProcess> replicas = new ArrayList<>();

  @BeforeAll
  static void deployAndStartTwoReplicas() throws IOException {
    work = Files.createDirectories(Repo.deploy("target/operator-run"));
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
    kubectl = Kubectl.forClient(client.getConfiguration(), work);
    String production = Tools.kustomizeBuild("overlays/production");
    kubectl.apply(production).ok();
    kubectl
        .run(
            "wait",
            "--for=condition=Established",
            "--timeout=30s",
            "crd/scrapebatches.scrapebatch.io")
        .ok();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(BATCHES)
                .withLabels(Map.of("pod-security.kubernetes.io/enforce", "restricted"))
                .endMetadata()
                .build())
        .create();
    kubectl.apply(Tools.kustomizeBuild("batch-namespace"), "-n", BATCHES).ok();

    String token =
        client
            .serviceAccounts()
            .inNamespace(SYSTEM)
            .withName("scrapebatch-operator")
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(3600L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    Path kubeconfig =
        Kubectl.kubeconfigWithToken(
            client.getConfiguration(), token, work.resolve("kubeconfig-operator"));
    Files.setPosixFilePermissions(kubeconfig, PosixFilePermissions.fromString("rw-r--r--"));

    var deployment =
        Yaml.documents(production).stream()
            .filter(d -> Yaml.kind(d).equals("Deployment"))
            .findFirst()
            .orElseThrow();
    int count = ((Number) Yaml.at(deployment, "spec", "replicas")).intValue();
    assertThat(count).as("production replicas").isEqualTo(2);
    for (int i = 0; i < count; i++) {
      replicas.add(
          OperatorProcess.start(deployment, "scrapebatch-operator-7d9f-" + i, kubeconfig, work));
    }
  }

  @AfterAll
  static void stop() {
    replicas.forEach(OperatorProcess::close);
  }

  @Test
  @Order(1)
  void bothReplicasAreLiveAndExactlyOneHoldsTheLease() {
    await()
        .atMost(Duration.ofSeconds(90))
        .failFast("a replica exited", () -> replicas.stream().anyMatch(r -> !r.alive()))
        .untilAsserted(
            () ->
                assertThat(replicas)
                    .as(() -> logs())
                    .allSatisfy(r -> assertThat(r.get("/healthz")).isEqualTo(200)));
    String leader = awaitLeader(Set.of(replicas.get(0).podName, replicas.get(1).podName));

    var elected = replica(leader);
    await().atMost(Duration.ofSeconds(30)).until(() -> elected.get("/readyz") == 200);
    // The standby stays live (its liveness probe must not restart it while it waits) and ready, so
    // that the PodDisruptionBudget (minAvailable 1) counts both and lets a drain evict one.
    assertThat(standby(leader).get("/healthz")).isEqualTo(200);
    assertThat(standby(leader).get("/readyz")).isEqualTo(200);
  }

  @Test
  @Order(2)
  void theOperatorRunsABatchToTheEndWithOnlyItsOwnRights() throws Exception {
    var batch = createBatch("listings-rbac", 0L);

    var launched = awaitPhase(batch, Phase.Launching, Phase.Running);
    String driverName = launched.getStatus().attempts().get(0).driverPod();
    var driver = client.pods().inNamespace(BATCHES).withName(driverName).get();
    assertThat(driver.getSpec().getServiceAccountName()).isEqualTo("scrapebatch-driver");
    // Created in a namespace that enforces the "restricted" Pod Security Standard.
    assertThat(driver.getMetadata().getNamespace()).isEqualTo(BATCHES);

    succeed(driverName);

    // Written through the status subresource and as Events; with ttlSecondsAfterFinished 0 the
    // batch may already be gone (deleted by the operator) once Succeeded is recorded.
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              var live = client.resource(batch).get();
              boolean done = live == null || live.getStatus().phase() == Phase.Succeeded;
              return done && eventReasons("listings-rbac").contains("Succeeded");
            });
    var reasons = eventReasons("listings-rbac");
    assertThat(reasons).contains("Launching", "Succeeded");
    assertThat(
            replicas.stream()
                .map(
                    r -> {
                      try {
                        return r.body("/metrics");
                      } catch (Exception e) {
                        return "";
                      }
                    })
                .filter(m -> m.contains("scrapebatch_"))
                .count())
        .as("replicas serving scrapebatch_* metrics")
        .isPositive();
  }

  @Test
  @Order(3)
  void theDriverMayDoWhatSparksDriverDoesInItsOwnNamespaceOnly() {
    assertThat(allowed(DRIVER_SA, BATCHES, "", "pods", "create")).isTrue();
    assertThat(allowed(DRIVER_SA, BATCHES, "", "pods", "watch")).isTrue();
    assertThat(allowed(DRIVER_SA, BATCHES, "", "pods", "patch")).isTrue();
    assertThat(allowed(DRIVER_SA, BATCHES, "", "pods", "deletecollection")).isTrue();
    assertThat(allowed(DRIVER_SA, BATCHES, "", "configmaps", "create")).isTrue();
    assertThat(allowed(DRIVER_SA, BATCHES, "", "services", "deletecollection")).isTrue();

    assertThat(allowed(DRIVER_SA, "team-b", "", "pods", "create")).isFalse();
    assertThat(allowed(DRIVER_SA, BATCHES, "", "secrets", "get")).isFalse();
    assertThat(allowed(DRIVER_SA, BATCHES, "", "pods/exec", "create")).isFalse();
    assertThat(allowed(DRIVER_SA, BATCHES, "", "services", "create")).isFalse();
    assertThat(allowed(DRIVER_SA, BATCHES, "scrapebatch.io", "scrapebatches", "get")).isFalse();
  }

  @Test
  @Order(4)
  void theOperatorReadsSecretsOnlyByNameInBatchNamespacesAndTouchesNoLeasesElsewhere() {
    // The object-storage credentials Secret a batch names: get, in batch namespaces only.
    assertThat(allowed(OPERATOR_SA, BATCHES, "", "secrets", "get")).isTrue();
    assertThat(allowed(OPERATOR_SA, BATCHES, "", "secrets", "list")).isFalse();
    assertThat(allowed(OPERATOR_SA, BATCHES, "", "secrets", "watch")).isFalse();
    assertThat(allowed(OPERATOR_SA, "team-b", "", "secrets", "get")).isFalse();
    assertThat(allowed(OPERATOR_SA, SYSTEM, "", "secrets", "get")).isFalse();
    assertThat(allowed(OPERATOR_SA, "", "", "secrets", "list")).isFalse();
    assertThat(allowed(OPERATOR_SA, BATCHES, "scrapebatch.io", "scrapebatches", "create"))
        .isFalse();
    assertThat(allowed(OPERATOR_SA, BATCHES, "", "pods/exec", "create")).isFalse();
    assertThat(allowed(OPERATOR_SA, BATCHES, "coordination.k8s.io", "leases", "update")).isFalse();
    assertThat(allowed(OPERATOR_SA, BATCHES, "rbac.authorization.k8s.io", "rolebindings", "create"))
        .isFalse();
    assertThat(allowed(OPERATOR_SA, SYSTEM, "coordination.k8s.io", "leases", "update")).isTrue();
    // One Lease per table being written: watched, created, deleted in its own namespace.
    assertThat(allowed(OPERATOR_SA, SYSTEM, "coordination.k8s.io", "leases", "watch")).isTrue();
    assertThat(allowed(OPERATOR_SA, SYSTEM, "coordination.k8s.io", "leases", "delete")).isTrue();
    assertThat(allowed(OPERATOR_SA, BATCHES, "coordination.k8s.io", "leases", "delete")).isFalse();
  }

  @Test
  @Order(5)
  void whenTheLeaderStopsTheStandbyTakesOverAndRunsTheNextBatch() {
    String leader = awaitLeader(Set.of(replicas.get(0).podName, replicas.get(1).podName));
    var survivor = standby(leader);

    replica(leader).terminate();

    assertThat(awaitLeader(Set.of(survivor.podName))).isEqualTo(survivor.podName);
    // The new leader's first pass over all batches deletes the one whose TTL (0 s) has passed.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client
                        .resources(ScrapeBatch.class)
                        .inNamespace(BATCHES)
                        .withName("listings-rbac")
                        .get()
                    == null);
    var batch = createBatch("listings-failover", null);
    awaitPhase(batch, Phase.Launching, Phase.Running);
  }

  // --- helpers

  static ScrapeBatch createBatch(String name, Long ttl) {
    try {
      Path input = Files.createDirectories(work.resolve("input-" + name));
      Files.setPosixFilePermissions(input, PosixFilePermissions.fromString("rwxr-xr-x"));
      Path part =
          Files.writeString(
              input.resolve("part-00000.jsonl"),
              "{\"id\":\"a\",\"seen_at\":\"2026-05-19T10:00:00Z\"}\n");
      Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rw-r--r--"));
      Map<String, Object> sample = Yaml.document(Repo.read(Repo.deploy("samples/minimal.yaml")));
      Map<String, Object> metadata = Yaml.at(sample, "metadata");
      metadata.put("name", name);
      metadata.put("namespace", BATCHES);
      Map<String, Object> spec = Yaml.at(sample, "spec");
      spec.put("source", Map.of("uri", input + "/"));
      if (ttl != null) {
        spec.put("ttlSecondsAfterFinished", ttl);
      }
      var sb = Serialization.unmarshal(Yaml.write(sample), ScrapeBatch.class);
      return client.resource(sb).create();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static ScrapeBatch awaitPhase(ScrapeBatch batch, Phase... phases) {
    var wanted = Set.of(phases);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              var live = client.resource(batch).get();
              assertThat(live.getStatus()).as(() -> logs()).isNotNull();
              assertThat(wanted)
                  .as(() -> live.getStatus().message())
                  .contains(live.getStatus().phase());
            });
    return client.resource(batch).get();
  }

  /** What the kubelet reports when the job container exits 0 with its termination report. */
  static void succeed(String podName) {
    var pod = client.pods().inNamespace(BATCHES).withName(podName).get();
    var now = Instant.now();
    String report =
        new TerminationReport(
                0,
                null,
                "merged",
                List.of(),
                new BatchResult(1L, 0L, 0L, Map.of(), 0L, 0L, 1L, -1L, 0L),
                null,
                1000L)
            .toJson();
    pod.setStatus(
        new PodStatusBuilder()
            .withPhase("Succeeded")
            .withStartTime(now.minusSeconds(5).toString())
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName(pod.getSpec().getContainers().get(0).getName())
                    .withImage(pod.getSpec().getContainers().get(0).getImage())
                    .withImageID("")
                    .withReady(false)
                    .withRestartCount(0)
                    .withState(
                        new ContainerStateBuilder()
                            .withNewTerminated()
                            .withExitCode(0)
                            .withReason("Completed")
                            .withMessage(report)
                            .withStartedAt(now.minusSeconds(5).toString())
                            .withFinishedAt(now.toString())
                            .endTerminated()
                            .build())
                    .build())
            .build());
    client.pods().inNamespace(BATCHES).resource(pod).updateStatus();
  }

  static List<String> eventReasons(String batch) {
    return client.events().v1().events().inNamespace(BATCHES).list().getItems().stream()
        .filter(e -> batch.equals(e.getRegarding().getName()))
        .map(e -> e.getReason())
        .toList();
  }

  static String awaitLeader(Set<String> candidates) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              var lease =
                  client.leases().inNamespace(SYSTEM).withName("scrapebatch-operator").get();
              assertThat(lease).as(() -> logs()).isNotNull();
              assertThat(candidates).contains(lease.getSpec().getHolderIdentity());
            });
    return client
        .leases()
        .inNamespace(SYSTEM)
        .withName("scrapebatch-operator")
        .get()
        .getSpec()
        .getHolderIdentity();
  }

  static OperatorProcess replica(String podName) {
    return replicas.stream().filter(r -> r.podName.equals(podName)).findFirst().orElseThrow();
  }

  static OperatorProcess standby(String leader) {
    return replicas.stream().filter(r -> !r.podName.equals(leader)).findFirst().orElseThrow();
  }

  static boolean allowed(
      String user, String namespace, String group, String resource, String verb) {
    String[] parts = resource.split("/", 2);
    var review =
        new SubjectAccessReviewBuilder()
            .withNewSpec()
            .withUser(user)
            .withGroups("system:serviceaccounts", "system:authenticated")
            .withNewResourceAttributes()
            .withNamespace(namespace)
            .withGroup(group)
            .withResource(parts[0])
            .withSubresource(parts.length > 1 ? parts[1] : null)
            .withVerb(verb)
            .endResourceAttributes()
            .endSpec()
            .build();
    return client
        .authorization()
        .v1()
        .subjectAccessReview()
        .create(review)
        .getStatus()
        .getAllowed();
  }

  static String logs() {
    return replicas.stream()
        .flatMap(r -> Stream.of("--- " + r.podName + (r.alive() ? "" : " (exited)"), tail(r.log())))
        .reduce("", (a, b) -> a + "\n" + b);
  }

  private static String tail(String log) {
    var lines = log.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
