package io.scrapebatch.operator.policy;

import io.scrapebatch.api.v1alpha1.Resources;
import io.scrapebatch.api.v1alpha1.RetrySpec;
import io.scrapebatch.api.v1alpha1.ScrapeBatchSpec;
import io.scrapebatch.api.v1alpha1.ScrapeBatchStatus;
import io.scrapebatch.api.v1alpha1.Specs;
import io.scrapebatch.api.v1alpha1.Timeouts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Test fixtures: a valid spec, pods in the states a kubelet reports, and snapshots of both. */
final class Batches {
  static final String NS = "scrapes";
  static final String NAME = "products";
  static final String UID = "0b7d1f6e-uid";

  static ScrapeBatchSpec spec() {
    return spec(null, null);
  }

  static ScrapeBatchSpec spec(Long ttl, String rerun) {
    return Specs.products()
        .datePartitioned()
        .resources(new Resources(null, 1, 10, 2, "8Gi", "4Gi", null, null))
        .retry(new RetrySpec(3, "30s", "10m", 1.5))
        .timeouts(new Timeouts("10m", "2h"))
        .ttl(ttl)
        .rerun(rerun)
        .build();
  }

  /** The fixture batch at {@code generation} as a reconciliation would see it. */
  static BatchSnapshot snapshot(
      long generation,
      ScrapeBatchSpec spec,
      ScrapeBatchStatus status,
      List<PodObservation> pods,
      TableLock tables,
      Instant now) {
    return new BatchSnapshot(NS, NAME, UID, generation, spec, status, pods, tables, now);
  }

  /** The same, its tables free. */
  static BatchSnapshot snapshot(
      long generation,
      ScrapeBatchSpec spec,
      ScrapeBatchStatus status,
      List<PodObservation> pods,
      Instant now) {
    return snapshot(generation, spec, status, pods, TableLock.free(), now);
  }

  static String driverName(int attempt) {
    return new ResourceNames(NAME, UID, attempt).driverPod();
  }

  static PodObservation driver(int attempt, PodPhase phase, Instant created, Termination t) {
    return pod(
        driverName(attempt),
        PodRole.DRIVER,
        attempt,
        phase,
        created,
        t,
        Map.of(),
        Optional.empty());
  }

  static PodObservation executor(int attempt, int id, Instant created, Termination t) {
    String name = new ResourceNames(NAME, UID, attempt).prefix() + "-exec-" + id;
    return pod(
        name,
        PodRole.EXECUTOR,
        attempt,
        t == null ? PodPhase.Running : PodPhase.Failed,
        created,
        t,
        Map.of(),
        Optional.empty());
  }

  static PodObservation pod(
      String name,
      PodRole role,
      int attempt,
      PodPhase phase,
      Instant created,
      Termination t,
      Map<String, String> annotations,
      Optional<String> reason) {
    boolean started = phase != PodPhase.Pending;
    return new PodObservation(
        name,
        role,
        attempt,
        phase,
        reason,
        Optional.empty(),
        Optional.ofNullable(t),
        Optional.empty(),
        Optional.empty(),
        created,
        started ? Optional.of(created.plusSeconds(5)) : Optional.empty(),
        t != null ? Optional.of(created.plusSeconds(65)) : Optional.empty(),
        Memory.mib(2432),
        annotations);
  }

  private Batches() {}
}
