package io.scrapebatch.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.v1alpha1.AttemptState;
import io.scrapebatch.api.v1alpha1.ExecutionMode;
import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.e2e.cluster.LocalCluster;
import io.scrapebatch.operator.policy.SizingRules;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scenario 1: a small batch runs as one local-mode Spark pod and lands in the Delta table. */
class LocalModeE2E {
  static final String NS = "scrapes";
  static LocalCluster cluster;
  static Scenario scenario;

  @BeforeAll
  static void start() throws Exception {
    cluster = Scenario.startCluster("local-mode");
    cluster.prepareNamespace(NS);
    cluster.startOperator(Set.of(NS), SizingRules.defaults());
    scenario = new Scenario(cluster.client(), NS, Files.createTempDirectory("e2e-data"));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aSmallBatchRunsInOneLocalModePodAndItsCountsMatchTheTable() {
    var generated = scenario.generate("small", 5_000, 7, g -> {});
    scenario.apply(scenario.batch("small", "small", spec -> {}));

    var done = scenario.awaitFinished("small", Duration.ofMinutes(5));

    var s = done.getStatus();
    assertThat(s.phase()).as(s.message()).isEqualTo(Phase.Succeeded);
    assertThat(s.attempts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.state()).isEqualTo(AttemptState.Succeeded);
              assertThat(a.sizing().mode()).isEqualTo(ExecutionMode.LOCAL);
              assertThat(a.executorPods()).isNull();
            });
    var r = s.result();
    assertThat(r.recordsRead()).isEqualTo(generated.records());
    assertThat(r.recordsRead())
        .isEqualTo(
            r.recordsWritten()
                + r.duplicatesInBatch()
                + r.alreadyPresent()
                + r.recordsQuarantined());
    long rows = scenario.read(scenario.table("small")).count();
    assertThat(rows).isEqualTo(r.recordsWritten());
    assertThat(scenario.read(scenario.table("small")).select("url").distinct().count())
        .isEqualTo(rows);
    assertThat(scenario.read(scenario.quarantine("small")).count())
        .isEqualTo(r.recordsQuarantined());
  }
}
