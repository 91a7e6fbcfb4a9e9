package io.scrapebatch.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.v1alpha1.Condition;
import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.api.v1alpha1.ScrapeBatchSpec;
import io.scrapebatch.api.v1alpha1.ScrapeBatchStatus;
import io.scrapebatch.api.v1alpha1.Specs;
import io.scrapebatch.api.v1alpha1.Storage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One writer per table, and measuring input in object storage: the lifecycle's side of both. */
class TableQueueAndStorageTest {
  static final Instant T0 = Instant.parse("2026-05-19T02:00:00Z");
  static final StorageSettings OPERATOR =
      new StorageSettings(
          Optional.of("http://s3.storage.svc:7070"), "eu-west-1", true, Optional.of("s3-keys"));
  static final ProbeResult MEASURED = new ProbeResult.Measured(new InputSize(1 << 20, 1, false));
  static final TableHolder OTHER =
      new TableHolder("scrapes/products-yesterday", TableId.of("s3a://clean/products"), true);
  static final String REPORT_OK =
      "{\"exitCode\":0,\"result\":{\"recordsRead\":1,\"recordsWritten\":1,\"deltaVersion\":0}}";

  private static Plan plan(
      ScrapeBatchSpec spec,
      ScrapeBatchStatus status,
      List<PodObservation> pods,
      TableLock tables,
      Instant now,
      ScriptedProbe probe) {
    return new BatchLifecycle(SizingRules.defaults(), 5.0, OPERATOR, probe)
        .plan(Batches.snapshot(1, spec, status, pods, tables, now));
  }

  private static Plan plan(ScrapeBatchStatus status, List<PodObservation> pods, TableLock tables) {
    return plan(Batches.spec(), status, pods, tables, T0.plusSeconds(10), ScriptedProbe.refusing());
  }

  private static Plan first(TableLock tables) {
    return plan(
        Batches.spec(), null, List.of(), tables, T0, new ScriptedProbe(Optional.of(MEASURED)));
  }

  @Test
  void aBatchWhoseTableAnotherBatchWritesIsQueuedNamingTheHolderAndLaunchesNothing() {
    var p = first(TableLock.blockedBy(OTHER));

    var s = p.status();
    assertThat(s.phase()).isEqualTo(Phase.Queued);
    assertThat(p.actions()).isEmpty();
    assertThat(s.message())
        .isEqualTo(
            "attempt 1 waits: s3a://clean/products is being written by scrapes/products-yesterday");
    assertThat(condition(s, "Queued").status()).isEqualTo("True");
    assertThat(condition(s, "Queued").message()).contains("scrapes/products-yesterday");
    assertThat(condition(s, "Reconciling").status()).isEqualTo("True");
    assertThat(p.notes()).extracting(Plan.Note::reason).containsExactly("Queued");
    assertThat(p.requeueAfter()).contains(AttemptObserver.QUEUED_RECHECK);
    assertThat(s.attempts()).singleElement().satisfies(a -> assertThat(a.driverPod()).isNull());
  }

  @Test
  void aQueuedBatchLaunchesOnceTheTableIsFreeAndSaysSoOnce() {
    var queued = first(TableLock.blockedBy(OTHER)).status();

    var stillQueued = plan(queued, List.of(), TableLock.blockedBy(OTHER));
    var free = plan(queued, List.of(), TableLock.free());

    assertThat(stillQueued.notes()).isEmpty();
    assertThat(stillQueued.status().phase()).isEqualTo(Phase.Queued);
    assertThat(free.status().phase()).isEqualTo(Phase.Launching);
    assertThat(free.actions()).singleElement().isInstanceOf(Plan.Action.LaunchAttempt.class);
    assertThat(condition(free.status(), "Queued").status()).isEqualTo("False");
  }

  @Test
  void aBatchBehindAnEarlierWaiterSaysItIsQueuedBehindIt() {
    var ahead =
        new TableHolder("scrapes/products-early", TableId.of("s3a://clean/products"), false);

    var s = first(TableLock.blockedBy(ahead)).status();

    assertThat(s.message())
        .endsWith("scrapes/products-early is queued for s3a://clean/products ahead of this batch");
  }

  @Test
  void aRunningDriverIsFollowedEvenWhenAnotherBatchWaitsForTheTable() {
    var launched = first(TableLock.free()).status();
    var running = Batches.driver(1, PodPhase.Running, T0, null);

    var p = plan(launched, List.of(running), TableLock.blockedBy(OTHER));

    assertThat(p.status().phase()).isEqualTo(Phase.Running);
  }

  @Test
  void theTableLocksAreReleasedOnlyOnceTheFinishedBatchesDriverHasTerminated() {
    var launched = first(TableLock.free()).status();
    var done =
        Batches.driver(1, PodPhase.Succeeded, T0, new Termination(0, "Completed", REPORT_OK));
    var finished = plan(launched, List.of(done), TableLock.heldByThisBatch());
    // A driver of an earlier attempt still shutting down (deleted on a timeout, say).
    var lingering =
        Batches.pod(
            Batches.driverName(7),
            PodRole.DRIVER,
            7,
            PodPhase.Running,
            T0,
            null,
            java.util.Map.of(),
            Optional.empty());

    var whileLingering =
        plan(finished.status(), List.of(done, lingering), TableLock.heldByThisBatch());
    var notHeld = plan(finished.status(), List.of(done), TableLock.free());

    assertThat(finished.status().phase()).isEqualTo(Phase.Succeeded);
    assertThat(finished.actions()).contains(new Plan.Action.ReleaseTables());
    assertThat(whileLingering.actions()).doesNotContain(new Plan.Action.ReleaseTables());
    assertThat(notHeld.actions()).doesNotContain(new Plan.Action.ReleaseTables());
  }

  @Test
  void theProbeIsAskedWithTheBatchsStorageSettingsOverTheOperators() {
    var probe = new ScriptedProbe(Optional.of(MEASURED));
    var spec =
        Specs.products()
            .source("s3a://raw/products/2026-05-19/")
            .storage(new Storage(null, null, null, "team-keys"))
            .build();

    plan(spec, null, List.of(), TableLock.free(), T0, probe);

    assertThat(probe.locations)
        .singleElement()
        .isEqualTo(
            new InputLocation(
                Batches.NS,
                "s3a://raw/products/2026-05-19/",
                new StorageSettings(
                    Optional.of("http://s3.storage.svc:7070"),
                    "eu-west-1",
                    true,
                    Optional.of("team-keys"))));
  }

  @Test
  void unreachableStorageKeepsTheBatchPendingAndMeasuresAgainAfterTheBackoff() {
    var down = new ScriptedProbe(Optional.of(new ProbeResult.Unreachable("connection refused")));

    var p = plan(Batches.spec(), null, List.of(), TableLock.free(), T0, down);

    var s = p.status();
    assertThat(s.phase()).isEqualTo(Phase.Pending);
    assertThat(s.inputProbeFailures()).isEqualTo(1);
    assertThat(s.nextAttemptAt()).isEqualTo(T0.plusSeconds(30).toString());
    assertThat(s.message()).contains("Infrastructure", "connection refused");
    assertThat(p.notes()).extracting(Plan.Note::reason).containsExactly("InputUnreachable");
    assertThat(p.requeueAfter()).contains(Duration.ofSeconds(30));

    // Before the backoff ends nothing is measured (the refusing probe would throw).
    var waiting =
        plan(
            Batches.spec(),
            s,
            List.of(),
            TableLock.free(),
            T0.plusSeconds(20),
            ScriptedProbe.refusing());
    assertThat(waiting.requeueAfter()).contains(Duration.ofSeconds(10));

    var back =
        plan(
            Batches.spec(),
            s,
            List.of(),
            TableLock.free(),
            T0.plusSeconds(31),
            new ScriptedProbe(Optional.of(MEASURED)));
    assertThat(back.status().phase()).isEqualTo(Phase.Launching);
    assertThat(back.status().inputProbeFailures()).isNull();
    assertThat(back.status().nextAttemptAt()).isNull();
  }

  @Test
  void storageUnreachableForEveryAttemptFailsTheBatchAsInfrastructure() {
    var down = new ScriptedProbe(Optional.of(new ProbeResult.Unreachable("connection refused")));
    ScrapeBatchStatus s = null;
    Instant now = T0;
    for (int i = 0; i < 3; i++) {
      s = plan(Batches.spec(), s, List.of(), TableLock.free(), now, down).status();
      now = now.plus(Duration.ofMinutes(10));
    }

    assertThat(s.phase()).isEqualTo(Phase.Failed);
    assertThat(s.message())
        .startsWith(
            "Infrastructure: the storage of file:///data/raw/products/ could not be reached 3 times");
  }

  @Test
  void bucketMissingOrAccessDeniedFailsAtOnceWithTheReason() {
    var denied =
        new ScriptedProbe(Optional.of(new ProbeResult.Unavailable("access denied to s3a://raw")));

    var s = plan(Batches.spec(), null, List.of(), TableLock.free(), T0, denied).status();

    assertThat(s.phase()).isEqualTo(Phase.Failed);
    assertThat(s.message()).contains("BadConfiguration", "access denied to s3a://raw");
  }

  private static Condition condition(ScrapeBatchStatus s, String type) {
    return s.conditions().stream().filter(c -> c.type().equals(type)).findFirst().orElseThrow();
  }
}
