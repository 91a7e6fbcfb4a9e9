package io.scrapebatch.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.v1alpha1.AttemptState;
import io.scrapebatch.api.v1alpha1.ExecutionMode;
import io.scrapebatch.api.v1alpha1.FailureClass;
import io.scrapebatch.api.v1alpha1.Phase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A cluster-mode batch whose executors read their input from S3 and write the tables to S3:
 * executors too small for two giant pages really run out of memory, the retry gets more executor
 * memory, and the table in S3 ends with exactly the expected rows (no duplicate from the failed
 * attempt).
 */
class S3ClusterModeExecutorOomE2E {
  private final Scenario scenario = Scenario.in("s3-cluster-oom");

  @Test
  void executorsReadingFromS3RunOutOfMemoryAndTheRetryLandsExactlyTheExpectedRows() {
    scenario.s3();
    scenario.credentialsSecret();
    var generated = scenario.generate("pages", 3_000, 13, g -> {});
    scenario.giantPages("pages", 2);
    scenario.upload("pages");
    scenario.apply(
        scenario.s3Batch(
            "pages",
            "pages",
            spec -> {
              // The folder, not the sample's glob: the giant pages are plain .jsonl.
              spec.withObjectProperty("source").put("uri", scenario.rawUri("pages"));
              Scenario.oneExecutorTooSmallForGiantPages(spec);
            }));

    var done = scenario.awaitFinished("pages", Duration.ofMinutes(10));

    var s = done.getStatus();
    assertThat(s.phase()).as(s.message()).isEqualTo(Phase.Succeeded);
    var first = s.attempts().get(0);
    assertThat(first.sizing().mode()).isEqualTo(ExecutionMode.CLUSTER);
    assertThat(first.state()).isEqualTo(AttemptState.Failed);
    assertThat(first.failure().type()).isEqualTo(FailureClass.ExecutorOOM);
    assertThat(first.executorPods()).isNotEmpty();
    var last = s.attempts().get(s.attempts().size() - 1);
    assertThat(last.sizing().executorMemory()).isEqualTo("2Gi");
    assertThat(last.executorPods()).isNotEmpty();
    var r = s.result();
    assertThat(r.recordsRead()).isEqualTo(generated.records() + 2);
    // The giant pages' 20 MiB strings exceed the JSON parser's 20 M-character limit: quarantined
    // as malformed (after the executors ran out of memory holding them), never merged.
    assertThat(r.recordsQuarantined()).isEqualTo(generated.invalidTotal() + 2);
    assertThat(r.recordsWritten()).isEqualTo(generated.newProducts());
    var table = scenario.readS3(scenario.cleanUri("pages"));
    assertThat(table.count()).isEqualTo(generated.newProducts());
    assertThat(table.select("url").distinct().count()).isEqualTo(generated.newProducts());
    assertThat(scenario.readS3(scenario.cleanUri("pages_quarantine")).count())
        .isEqualTo(generated.invalidTotal() + 2);
  }
}
