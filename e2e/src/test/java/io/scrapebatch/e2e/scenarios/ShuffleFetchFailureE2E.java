package io.scrapebatch.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scrapebatch.api.v1alpha1.FailureClass;
import io.scrapebatch.api.v1alpha1.Phase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Scenario 7: executor pods killed while the job shuffles: the shuffle blocks they held are gone,
 * the job fails with a fetch failure, and the retry runs with more partitions and a more patient
 * shuffle.
 */
class ShuffleFetchFailureE2E {
  private final Scenario scenario = Scenario.in("shuffle");

  @Test
  void executorsKilledMidShuffleAreClassifiedAsShuffleFetchFailureAndRetriedWithShuffleSettings() {
    scenario.generate("shuffle", 60_000, 21, g -> {});
    scenario.apply(
        scenario.batch(
            "shuffle",
            "shuffle",
            spec -> {
              spec.withObjectProperty("resources")
                  .put("mode", "cluster")
                  .put("minExecutors", 2)
                  .put("maxExecutors", 2)
                  .put("executorCores", 2)
                  .put("maxExecutorMemory", "1Gi")
                  .put("maxDriverMemory", "1Gi");
              // Fail on the first fetch failure instead of recomputing the lost map outputs four
              // times. Four shuffle partitions (2 executors x 2 cores), never coalesced: the reduce
              // stage is the only one of the merge step with more than two tasks.
              spec.withObjectProperty("sparkConf")
                  .put("spark.stage.maxConsecutiveAttempts", "1")
                  .put("spark.sql.adaptive.coalescePartitions.enabled", "false");
            }));

    // The dedup's shuffle runs in the merge step; once its reduce stage starts (published at once),
    // the executors hold the map output the reduce tasks are fetching.
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                scenario
                    .progress("shuffle")
                    .map(p -> "merge".equals(p.step()) && p.tasksTotal() > 2)
                    .orElse(false));
    for (var executor : scenario.pods("shuffle", "executor")) {
      scenario
          .client()
          .pods()
          .inNamespace(scenario.namespace())
          .withName(executor.getMetadata().getName())
          .withGracePeriod(0)
          .delete();
    }
    var done = scenario.awaitFinished("shuffle", Duration.ofMinutes(8));

    var s = done.getStatus();
    assertThat(s.phase()).as(s.message()).isEqualTo(Phase.Succeeded);
    var first = s.attempts().get(0);
    assertThat(first.failure().type())
        .as(String.join("\n", first.failure().evidence()))
        .isEqualTo(FailureClass.ShuffleFetchFailed);
    var second = s.attempts().get(1);
    assertThat(second.sizing().shufflePartitions())
        .isEqualTo(first.sizing().shufflePartitions() * 2);
    assertThat(second.sizing().sparkConf())
        .containsEntry("spark.shuffle.io.maxRetries", "6")
        .containsEntry("spark.network.timeout", "240s");
    assertThat(second.adjustment()).startsWith("ShuffleFetchFailed: shuffle partitions");
  }
}
