package io.scrapebatch.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.v1alpha1.AttemptState;
import io.scrapebatch.api.v1alpha1.FailureClass;
import io.scrapebatch.api.v1alpha1.Phase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Scenario 3: executors too small for the data really run out of memory; the next attempt gets more
 * executor memory and succeeds, with conservation and no duplicate rows.
 */
class ExecutorOomE2E {
  private final Scenario scenario = Scenario.in("executor-oom");

  @Test
  void executorsOutOfMemoryAreRetriedWithMoreMemoryUntilTheBatchSucceeds() {
    var generated = scenario.generate("pages", 3_000, 13, g -> {});
    scenario.giantPages("pages", 2);
    scenario.apply(
        scenario.batch(
            "pages",
            "pages",
            spec -> {
              Scenario.oneExecutorTooSmallForGiantPages(spec);
              spec.withObjectProperty("resources").put("maxDriverMemory", "1Gi");
            }));

    var done = scenario.awaitFinished("pages", Duration.ofMinutes(10));

    var s = done.getStatus();
    assertThat(s.phase()).as(s.message()).isEqualTo(Phase.Succeeded);
    var first = s.attempts().get(0);
    assertThat(first.state()).isEqualTo(AttemptState.Failed);
    assertThat(first.failure().type()).isEqualTo(FailureClass.ExecutorOOM);
    assertThat(first.sizing().executorMemory()).isEqualTo("512Mi");
    var last = s.attempts().get(s.attempts().size() - 1);
    assertThat(last.adjustment()).startsWith("ExecutorOOM: executor memory 512Mi → 2Gi");
    assertThat(last.sizing().executorMemory()).isEqualTo("2Gi");
    var r = s.result();
    assertThat(r.recordsRead()).isEqualTo(generated.records() + 2);
    Scenario.assertConserved(r);
    var table = scenario.read(scenario.table("pages"));
    assertThat(table.count()).isEqualTo(r.recordsWritten());
    assertThat(table.select("url").distinct().count()).isEqualTo(r.recordsWritten());
  }
}
