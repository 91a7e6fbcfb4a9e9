package io.scrapebatch.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.v1alpha1.AttemptState;
import io.scrapebatch.api.v1alpha1.ExecutionMode;
import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.operator.policy.ResourceNames;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A batch with the longest name Kubernetes allows (253 characters) runs in cluster mode: Spark
 * accepts the executor pod-name prefix, the driver Service resolves, and the pods carry a
 * selectable label.
 */
class LongNameE2E {
  static final String NS = "long-name";

  /** A DNS subdomain of 253 characters. */
  static final String NAME =
      String.join(
          ".",
          "daily-products-" + "a".repeat(48),
          "b".repeat(63),
          "c".repeat(63),
          "scraped-2026-05-19-" + "d".repeat(42));

  private final Scenario scenario = Scenario.in(NS);

  @Test
  void aBatchNamedWithTwoHundredFiftyThreeCharactersRunsInClusterModeToSuccess() {
    assertThat(NAME).hasSize(253);
    var generated = scenario.generate("long", 5_000, 17, g -> {});
    scenario.apply(
        scenario.batch(
            NAME,
            "long",
            spec -> {
              // The table's folder is named for the test, not the batch (a path segment is at
              // most 255 bytes).
              spec.withObjectProperty("target")
                  .put("table", scenario.table("long").toUri().toString())
                  .put("quarantine", scenario.quarantine("long").toUri().toString());
              spec.withObjectProperty("resources")
                  .put("mode", "cluster")
                  .put("minExecutors", 1)
                  .put("maxExecutors", 1)
                  .put("executorCores", 1)
                  .put("maxExecutorMemory", "1Gi")
                  .put("maxDriverMemory", "1Gi");
            }));

    var done = scenario.awaitFinished(NAME, Duration.ofMinutes(8));

    var s = done.getStatus();
    assertThat(s.phase()).as(s.message()).isEqualTo(Phase.Succeeded);
    var attempt = s.attempts().get(0);
    assertThat(attempt.state()).isEqualTo(AttemptState.Succeeded);
    assertThat(attempt.sizing().mode()).isEqualTo(ExecutionMode.CLUSTER);
    assertThat(attempt.executorPods())
        .singleElement()
        .satisfies(name -> assertThat(name).hasSizeLessThanOrEqualTo(63).contains("-a1-exec-"));
    assertThat(scenario.pods(ResourceNames.labelValue(NAME), "executor"))
        .singleElement()
        .satisfies(
            pod ->
                assertThat(pod.getMetadata().getOwnerReferences().get(0).getName())
                    .isEqualTo(attempt.driverPod()));
    assertThat(s.result().recordsRead()).isEqualTo(generated.records());
    assertThat(scenario.read(scenario.table("long")).count())
        .isEqualTo(s.result().recordsWritten());
  }
}
