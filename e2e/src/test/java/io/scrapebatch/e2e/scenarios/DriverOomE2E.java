package io.scrapebatch.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.v1alpha1.FailureClass;
import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.operator.policy.Memory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Scenario 4: a driver (a local-mode pod) too small for the data; retries double its memory. */
class DriverOomE2E {
  private final Scenario scenario = Scenario.in("driver-oom");

  @Test
  void aDriverOutOfMemoryIsRetriedWithMoreDriverMemoryUntilTheBatchSucceeds() {
    scenario.generate("local-pages", 2_000, 17, g -> {});
    scenario.giantPages("local-pages", 2);
    scenario.apply(
        scenario.batch(
            "local-pages",
            "local-pages",
            spec -> {
              spec.withObjectProperty("resources")
                  .put("mode", "local")
                  .put("executorCores", 1)
                  .put("driverMemory", "512Mi")
                  .put("maxDriverMemory", "4Gi");
              spec.withObjectProperty("retry").put("maxAttempts", 4);
              Scenario.acceptLinesOf(spec, Scenario.GIANT_PAGE_MEGABYTES);
            }));

    var done = scenario.awaitFinished("local-pages", Duration.ofMinutes(10));

    var s = done.getStatus();
    assertThat(s.phase()).as(s.message()).isEqualTo(Phase.Succeeded);
    var first = s.attempts().get(0);
    assertThat(first.failure().type()).isEqualTo(FailureClass.DriverOOM);
    assertThat(first.sizing().driverMemory()).isEqualTo("512Mi");
    var last = s.attempts().get(s.attempts().size() - 1);
    assertThat(Memory.parse(last.sizing().driverMemory())).isGreaterThan(Memory.parse("512Mi"));
    assertThat(last.adjustment()).startsWith("DriverOOM: local-mode pod memory");
    assertThat(scenario.read(scenario.table("local-pages")).count())
        .isEqualTo(s.result().recordsWritten());
  }
}
