package io.scrapebatch.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.api.v1alpha1.ScrapeBatch;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Two batches writing one Delta table in S3, applied at once: one runs, the other waits Queued
 * (naming the first), then runs; the table holds the union of both inputs with no duplicate.
 */
class SameTableE2E {
  private final Scenario scenario = Scenario.in("same-table");

  @Test
  void twoBatchesOnOneTableRunOneAfterTheOtherAndTheTableHoldsTheirUnion() {
    scenario.s3();
    scenario.credentialsSecret();
    var monday = scenario.uploadScrapeData("monday", 3_000, 21, g -> {});
    var tuesday = scenario.uploadScrapeData("tuesday", 3_000, 22, g -> {});
    String table = scenario.cleanUri("products");
    var first = sharedTable("monday", table);
    var second = sharedTable("tuesday", table);

    var queued = new AtomicBoolean();
    scenario.apply(first);
    scenario.apply(second);
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              for (String name : new String[] {"monday", "tuesday"}) {
                var s = scenario.get(name).getStatus();
                if (s != null && s.phase() == Phase.Queued) {
                  queued.set(true);
                  assertThat(s.message()).contains("is being written by same-table/");
                }
              }
              return queued.get();
            });
    var a = scenario.awaitFinished("monday", Duration.ofMinutes(8));
    var b = scenario.awaitFinished("tuesday", Duration.ofMinutes(8));

    assertThat(a.getStatus().phase()).as(a.getStatus().message()).isEqualTo(Phase.Succeeded);
    assertThat(b.getStatus().phase()).as(b.getStatus().message()).isEqualTo(Phase.Succeeded);
    long written =
        a.getStatus().result().recordsWritten() + b.getStatus().result().recordsWritten();
    var rows = scenario.readS3(table);
    assertThat(rows.count()).isEqualTo(written);
    // A row per product and day partition (the MERGE key holds the partition column): no
    // duplicate, and the later batch's products already there from the earlier are not again.
    assertThat(rows.select("url", "dt").distinct().count()).isEqualTo(written);
    var later =
        a.getStatus().result().deltaVersion() > b.getStatus().result().deltaVersion() ? a : b;
    assertThat(later.getStatus().result().alreadyPresent()).isPositive();
    // Each batch accounts for every row it read; what the later one found already there is the
    // overlap, so the table is the union: every valid product of both days, once per day.
    for (var done : new ScrapeBatch[] {a, b}) {
      var r = done.getStatus().result();
      Scenario.assertConserved(r);
    }
    assertThat(a.getStatus().result().recordsRead()).isEqualTo(monday.records());
    assertThat(b.getStatus().result().recordsRead()).isEqualTo(tuesday.records());
  }

  private ScrapeBatch sharedTable(String day, String table) {
    return scenario.s3Batch(
        day,
        day,
        spec ->
            spec.withObjectProperty("target")
                .put("table", table)
                .put("quarantine", table + "_quarantine_" + day));
  }
}
