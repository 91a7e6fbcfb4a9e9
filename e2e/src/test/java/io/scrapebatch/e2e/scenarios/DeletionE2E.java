package io.scrapebatch.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scrapebatch.api.v1alpha1.Phase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Scenario 10: deleting a running batch removes its driver, executors, Service and ConfigMap. */
class DeletionE2E {
  private final Scenario scenario = Scenario.in("deletion");

  @Test
  void deletingARunningBatchLetsTheGarbageCollectorRemoveAllItsPods() {
    scenario.generate("doomed", 20_000, 9, g -> {});
    scenario.apply(
        scenario.batch(
            "doomed",
            "doomed",
            spec ->
                spec.withObjectProperty("resources")
                    .put("mode", "cluster")
                    .put("maxExecutors", 1)
                    .put("executorCores", 1)
                    .put("maxExecutorMemory", "1Gi")
                    .put("maxDriverMemory", "1Gi")));
    scenario.awaitPhase("doomed", Phase.Running, Duration.ofMinutes(3));
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> !scenario.pods("doomed", "executor").isEmpty());

    scenario.client().resource(scenario.get("doomed")).delete();

    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              assertThat(scenario.pods("doomed", "driver")).isEmpty();
              assertThat(scenario.pods("doomed", "executor")).isEmpty();
              assertThat(
                      scenario
                          .client()
                          .services()
                          .inNamespace(scenario.namespace())
                          .withLabel("scrapebatch.io/batch", "doomed")
                          .list()
                          .getItems())
                  .isEmpty();
              assertThat(
                      scenario
                          .client()
                          .configMaps()
                          .inNamespace(scenario.namespace())
                          .withLabel("scrapebatch.io/batch", "doomed")
                          .list()
                          .getItems())
                  .isEmpty();
            });
  }
}
