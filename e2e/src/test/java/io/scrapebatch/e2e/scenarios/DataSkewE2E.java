package io.scrapebatch.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.v1alpha1.FailureClass;
import io.scrapebatch.api.v1alpha1.Phase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Scenario 8: one hot product scraped again and again with huge pages. The executor holding it runs
 * out of memory in a stage where its task takes many times the median: the job's skew figures make
 * that DataSkew, and the retry salts the dedup keys (with more memory for the hot rows) and
 * succeeds.
 */
class DataSkewE2E {
  private static final int HOT_VERSION_MEGABYTES = 16;

  private final Scenario scenario = Scenario.in("skew");

  @Test
  void aHotKeyThatRunsExecutorsOutOfMemoryIsRetriedWithSaltingAndSucceeds() {
    scenario.generate("hot", 4_000, 29, g -> g.files(8));
    scenario.hotKeyVersions("hot", "https://shop.example/p/bestseller", 4, HOT_VERSION_MEGABYTES);
    scenario.apply(
        scenario.batch(
            "hot",
            "hot",
            spec -> {
              Scenario.acceptLinesOf(spec, HOT_VERSION_MEGABYTES);
              spec.withObjectProperty("resources")
                  .put("mode", "cluster")
                  .put("minExecutors", 2)
                  .put("maxExecutors", 2)
                  .put("executorCores", 1)
                  .put("executorMemory", "512Mi")
                  .put("maxExecutorMemory", "4Gi")
                  .put("maxDriverMemory", "1Gi");
              spec.withObjectProperty("retry").put("maxAttempts", 3).put("memoryGrowthFactor", 4);
              // One task per input file (Spark would pack these small files into one or two),
              // two single-core executors: while the hot file's task grinds one executor out of
              // memory, the other completes its quick siblings, the baseline it stands out
              // against, as a hot key's task does in a real batch.
              spec.withObjectProperty("sparkConf")
                  .put("spark.task.maxFailures", "2")
                  .put("spark.sql.files.openCostInBytes", "134217728");
            }));

    var done = scenario.awaitFinished("hot", Duration.ofMinutes(10));

    var s = done.getStatus();
    assertThat(s.phase()).as(s.message()).isEqualTo(Phase.Succeeded);
    var first = s.attempts().get(0);
    assertThat(first.failure().type())
        .as(first.failure().message())
        .isEqualTo(FailureClass.DataSkew);
    assertThat(first.skew().ratio()).isGreaterThanOrEqualTo(5.0);
    assertThat(String.join("\n", first.failure().evidence()))
        .contains("slowest task")
        .contains("median");
    var second = s.attempts().get(1);
    assertThat(second.sizing().saltBuckets()).isEqualTo(16);
    assertThat(second.adjustment()).startsWith("DataSkew: dedup keys salted into 16 buckets");
    assertThat(second.skew()).isNotNull();
    var table = scenario.read(scenario.table("hot"));
    assertThat(table.where("url = 'https://shop.example/p/bestseller'").count()).isEqualTo(1);
    assertThat(table.count()).isEqualTo(s.result().recordsWritten());
  }
}
