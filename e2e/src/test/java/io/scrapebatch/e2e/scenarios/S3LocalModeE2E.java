package io.scrapebatch.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.scrapebatch.api.v1alpha1.ExecutionMode;
import io.scrapebatch.api.v1alpha1.Phase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Object storage end to end: deploy/samples/products-s3.yaml with its input, table and quarantine
 * in the S3 server and its credentials in a Secret, run as one local-mode pod; the counts match the
 * tables read back from S3, and the Secret's values appear in no ConfigMap, status, Event, pod spec
 * or log.
 */
class S3LocalModeE2E {
  private final Scenario scenario = Scenario.in("s3-local");

  @Test
  void aBatchInS3RunsToTheTablesInS3AndItsCredentialsReachOnlyThePodsEnvironment() {
    var store = scenario.s3();
    scenario.credentialsSecret();
    var generated = scenario.uploadScrapeData("day", 5_000, 7, g -> {});
    String log;
    try (var capture = new LogCapture()) {
      scenario.apply(scenario.s3Batch("products", "day", spec -> {}));
      scenario.awaitFinished("products", Duration.ofMinutes(6));
      log = capture.text();
    }

    var done = scenario.get("products");
    var s = done.getStatus();
    assertThat(s.phase()).as(s.message()).isEqualTo(Phase.Succeeded);
    assertThat(s.input().files()).isEqualTo(2);
    assertThat(s.input().compressed()).isTrue();
    var attempt = s.attempts().get(0);
    assertThat(attempt.sizing().mode()).isEqualTo(ExecutionMode.LOCAL);
    var r = s.result();
    assertThat(r.recordsRead()).isEqualTo(generated.records());
    Scenario.assertConserved(r);
    assertThat(r.recordsWritten()).isEqualTo(generated.newProducts());
    var table = scenario.readS3(scenario.cleanUri("products"));
    assertThat(table.count()).isEqualTo(r.recordsWritten());
    assertThat(table.select("url").distinct().count()).isEqualTo(r.recordsWritten());
    assertThat(scenario.readS3(scenario.cleanUri("products_quarantine")).count())
        .isEqualTo(r.recordsQuarantined());
    assertThat(store.keys(TestCluster.CLEAN, "s3-local/products/_delta_log/")).isNotEmpty();

    // The pods got the credentials as references to the Secret, and nothing else holds them.
    var driver =
        scenario
            .client()
            .pods()
            .inNamespace(scenario.namespace())
            .withName(attempt.driverPod())
            .get();
    assertThat(driver.getSpec().getContainers().get(0).getEnv())
        .filteredOn(e -> e.getName().startsWith("AWS_"))
        .extracting(e -> e.getValueFrom().getSecretKeyRef().getName())
        .containsOnly(Scenario.S3_SECRET);
    var places =
        List.of(
            "the ConfigMaps",
            Serialization.asYaml(
                scenario.client().configMaps().inNamespace(scenario.namespace()).list()),
            "the batch and its status",
            Serialization.asYaml(done),
            "the Events",
            Serialization.asYaml(
                scenario.client().v1().events().inNamespace(scenario.namespace()).list()),
            "the pods",
            Serialization.asYaml(scenario.client().pods().inNamespace(scenario.namespace()).list()),
            "the driver's log",
            scenario
                .client()
                .pods()
                .inNamespace(scenario.namespace())
                .withName(attempt.driverPod())
                .getLog(),
            "this JVM's log (operator, kubelet)",
            log);
    for (int i = 0; i < places.size(); i += 2) {
      assertThat(places.get(i + 1))
          .as("%s hold a credential", places.get(i))
          .doesNotContain(store.accessKey())
          .doesNotContain(store.secretKey());
    }
    assertThat(log).as("the capture saw the operator at work").contains("products");
  }
}
