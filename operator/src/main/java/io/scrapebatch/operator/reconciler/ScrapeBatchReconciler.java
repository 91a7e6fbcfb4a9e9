package io.scrapebatch.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.scrapebatch.api.v1alpha1.ScrapeBatch;
import io.scrapebatch.api.v1alpha1.ScrapeBatchStatus;
import io.scrapebatch.api.v1alpha1.StorageUris;
import io.scrapebatch.operator.k8s.ClusterActions;
import io.scrapebatch.operator.k8s.CredentialsSecrets;
import io.scrapebatch.operator.k8s.EventRecorder;
import io.scrapebatch.operator.k8s.Labels;
import io.scrapebatch.operator.k8s.LeanCache;
import io.scrapebatch.operator.k8s.PodObservations;
import io.scrapebatch.operator.k8s.TableLocks;
import io.scrapebatch.operator.metrics.OperatorMetrics;
import io.scrapebatch.operator.policy.BatchLifecycle;
import io.scrapebatch.operator.policy.BatchSnapshot;
import io.scrapebatch.operator.policy.Plan;
import io.scrapebatch.operator.policy.ReconcileFailure;
import io.scrapebatch.operator.policy.ResourceNames;
import io.scrapebatch.operator.policy.StorageSettings;
import io.scrapebatch.operator.policy.TableLock;
import io.scrapebatch.operator.resources.DriverResourcesBuilder;
import io.scrapebatch.operator.resources.LaunchRequest;
import io.scrapebatch.operator.resources.ObjectStoreAccess;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Wires the pure {@link BatchLifecycle} to the API server: observe the batch and its pods, plan,
 * carry out the plan's actions, record its events and patch the status. Holds no state of its own
 * beyond what the informers cache, so any replica that becomes leader continues where another
 * stopped.
 */
public final class ScrapeBatchReconciler implements Reconciler<ScrapeBatch> {
  private static final Logger LOG = LoggerFactory.getLogger(ScrapeBatchReconciler.class);

  /**
   * Backoff after a failed reconciliation: {@link #RETRY_DESCRIPTION}. It never gives up: a quota
   * can be raised or a webhook fixed at any time, and nothing else would wake the batch then.
   */
  public static GenericRetry retry() {
    return new GenericRetry()
        .setInitialInterval(Duration.ofSeconds(2))
        .setIntervalMultiplier(2)
        .setMaxInterval(Duration.ofMinutes(5).toMillis())
        .withoutMaxAttempts();
  }

  static final String RETRY_DESCRIPTION = "trying again after 2s, doubling up to every 5m";

  private final BatchLifecycle lifecycle;
  private final TableLocks locks;
  private final StorageSettings storage;
  private final CredentialsSecrets secrets;
  private final DriverResourcesBuilder drivers;
  private final ClusterActions actions;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;
  private InformerEventSource<Lease, ScrapeBatch> leases;

  public ScrapeBatchReconciler(
      BatchLifecycle lifecycle,
      TableLocks locks,
      StorageSettings storage,
      CredentialsSecrets secrets,
      DriverResourcesBuilder drivers,
      ClusterActions actions,
      EventRecorder events,
      OperatorMetrics metrics,
      Clock clock) {
    this.lifecycle = lifecycle;
    this.locks = locks;
    this.storage = storage;
    this.secrets = secrets;
    this.drivers = drivers;
    this.actions = actions;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, ScrapeBatch>> prepareEventSources(
      EventSourceContext<ScrapeBatch> context) {
    // Driver and executor pods carry the batch's name as a label (executors get it through the
    // Spark conf), so one informer on our label follows every pod of every attempt. A long name's
    // label is cut and hashed: the batches are indexed by that value to map a pod back.
    var batches = context.getPrimaryCache();
    batches.addIndexer(
        Labels.BATCH,
        b ->
            List.of(
                b.getMetadata().getNamespace()
                    + "/"
                    + ResourceNames.labelValue(b.getMetadata().getName())));
    var pods =
        InformerEventSourceConfiguration.from(Pod.class, ScrapeBatch.class)
            .withLabelSelector(Labels.MANAGED_SELECTOR)
            .withItemStore(LeanCache.itemStore())
            .withSecondaryToPrimaryMapper(
                pod ->
                    Optional.ofNullable(pod.getMetadata().getLabels())
                        .map(l -> l.get(Labels.BATCH))
                        .map(
                            label ->
                                batches
                                    .byIndex(
                                        Labels.BATCH,
                                        pod.getMetadata().getNamespace() + "/" + label)
                                    .stream()
                                    .map(ResourceID::fromResource)
                                    .collect(Collectors.toSet()))
                        .orElse(Set.of()))
            .build();
    // Batches by the tables they write, so a table's Lease wakes every batch waiting for it; by
    // phase, for the gauges. Nothing walks every batch.
    context.getPrimaryCache().addIndexer(TableLocks.TABLE_INDEX, TableLocks::indexKeys);
    context.getPrimaryCache().addIndexer(OperatorMetrics.PHASE_INDEX, OperatorMetrics::phaseIndex);
    metrics.countBatchesFrom(context.getPrimaryCache());
    var tableLeases =
        InformerEventSourceConfiguration.from(Lease.class, ScrapeBatch.class)
            .withNamespaces(Set.of(locks.namespace()))
            .withLabelSelector(Labels.MANAGED_SELECTOR)
            .withItemStore(LeanCache.itemStore())
            .withSecondaryToPrimaryMapper(
                lease -> TableLocks.waitingOn(lease, context.getPrimaryCache()))
            .build();
    leases = new InformerEventSource<>(tableLeases, context);
    return List.of(new InformerEventSource<>(pods, context), leases);
  }

  @Override
  public UpdateControl<ScrapeBatch> reconcile(ScrapeBatch batch, Context<ScrapeBatch> context) {
    var meta = batch.getMetadata();
    MDC.put("batch", meta.getNamespace() + "/" + meta.getName());
    try {
      var pods =
          context.getSecondaryResources(Pod.class).stream().map(PodObservations::from).toList();
      var snapshot =
          new BatchSnapshot(
              meta.getNamespace(),
              meta.getName(),
              meta.getUid(),
              meta.getGeneration(),
              batch.getSpec(),
              batch.getStatus(),
              pods,
              locks.state(batch, this::cachedLease, context.getPrimaryCache()),
              clock.instant());
      Plan plan = lifecycle.plan(snapshot);
      if (launches(plan) && !snapshot.tables().held()) {
        // The claim is the authoritative check: a batch that won a table since the caches were
        // read makes this one wait instead. (A relaunch of a batch holding its tables needs none.)
        var winner = locks.claim(batch);
        if (winner.isPresent()) {
          plan = lifecycle.plan(snapshot.withTables(TableLock.blockedBy(winner.get())));
        }
      }
      carryOut(batch, plan);
      return control(batch, plan);
    } finally {
      MDC.remove("batch");
    }
  }

  /**
   * A reconciliation that threw (an API call refused: quota, RBAC, admission) shows the API
   * server's answer in the status and as a Warning Event; JOSDK then tries again with {@link
   * #retry()}'s backoff. The plan itself was not written, so the next try plans afresh.
   */
  @Override
  public ErrorStatusUpdateControl<ScrapeBatch> updateErrorStatus(
      ScrapeBatch batch, Context<ScrapeBatch> context, Exception e) {
    if (writingThisBatch(e, batch)) {
      // Our own status write lost a race with the previous one (planned from a view that had not
      // seen it yet): nothing refused the batch. The retry plans from the fresh status; writing
      // this
      // as the batch's error would bury its real message (a finished batch's outcome, for one).
      LOG.info("status write raced the previous one, planning again: {}", e.getMessage());
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    int failures = context.getRetryInfo().map(r -> r.getAttemptCount()).orElse(0) + 1;
    var failure = new ReconcileFailure(apiAnswer(e), failures, RETRY_DESCRIPTION);
    // JOSDK logs the exception itself.
    LOG.warn("reconcile failed: {}", failure.message());
    events.record(batch, failure.event());
    var patch = new ScrapeBatch();
    patch.setMetadata(batch.getMetadata());
    patch.setStatus(
        failure.status(batch.getStatus(), batch.getMetadata().getGeneration(), clock.instant()));
    return ErrorStatusUpdateControl.patchStatus(patch);
  }

  /**
   * Whether the call that failed was the write of this batch's own status, not a pod, Lease, ….
   * fabric8 names the request only in its message ("Failure executing: PATCH at: …/status"); its
   * request metadata stays empty for a subresource.
   */
  private static boolean writingThisBatch(Throwable e, ScrapeBatch batch) {
    String statusPath = "/scrapebatches/" + batch.getMetadata().getName() + "/status";
    return apiErrors(e)
        .anyMatch(
            k ->
                (k.getCode() == 409 || k.getCode() == 422)
                    && k.getMessage() != null
                    && k.getMessage().contains(statusPath + ". "));
  }

  /** The API server's own message when a call was refused, else the exception's. */
  private static String apiAnswer(Throwable e) {
    return apiErrors(e)
        .map(KubernetesClientException::getStatus)
        .filter(status -> status != null && status.getMessage() != null)
        .map(status -> status.getMessage())
        .findFirst()
        .orElseGet(() -> Optional.ofNullable(e.getMessage()).orElse(e.getClass().getName()));
  }

  /** The API calls that failed along {@code e}'s cause chain, outermost first. */
  private static Stream<KubernetesClientException> apiErrors(Throwable e) {
    return Stream.iterate(e, Objects::nonNull, Throwable::getCause)
        .filter(KubernetesClientException.class::isInstance)
        .map(KubernetesClientException.class::cast);
  }

  private void carryOut(ScrapeBatch batch, Plan plan) {
    var meta = batch.getMetadata();
    for (Plan.Action action : plan.actions()) {
      if (action instanceof Plan.Action.LaunchAttempt launch) {
        launch(batch, launch);
      } else if (action instanceof Plan.Action.DeletePod delete) {
        LOG.info("deleting pod {}: {}", delete.name(), delete.why());
        actions.deletePod(meta.getNamespace(), delete.name());
      } else if (action instanceof Plan.Action.ReleaseTables) {
        locks.release(batch, this::cachedLease);
      } else if (action instanceof Plan.Action.DeleteBatch delete) {
        LOG.info("deleting the batch: {}", delete.why());
        actions.deleteBatch(batch);
      }
    }
    for (Plan.Note note : plan.notes()) {
      LOG.info("{}: {}", note.reason(), note.message());
      events.record(batch, note);
    }
  }

  /** A table Lease as the Lease informer has it. */
  private Optional<Lease> cachedLease(String name) {
    return leases.get(new ResourceID(name, locks.namespace()));
  }

  private static boolean launches(Plan plan) {
    return plan.actions().stream().anyMatch(a -> a instanceof Plan.Action.LaunchAttempt);
  }

  private void launch(ScrapeBatch batch, Plan.Action.LaunchAttempt launch) {
    var meta = batch.getMetadata();
    var request =
        new LaunchRequest(
            meta.getNamespace(),
            meta.getName(),
            meta.getUid(),
            batch.getSpec(),
            launch.attempt(),
            launch.sizing(),
            objectStore(batch));
    var resources = drivers.build(request);
    String driver = resources.pod().getMetadata().getName();
    if (actions.createIfAbsent(resources.inCreationOrder()).contains(driver)) {
      LOG.info("attempt {}: created driver {}", launch.attempt(), driver);
      metrics.driverCreated(batch, launch.attempt(), clock.instant());
    }
  }

  /**
   * How the attempt's pods reach object storage, when any of its locations is in one. The Secret is
   * read again at each launch: a session token's reference is added only while the Secret has one.
   */
  private Optional<ObjectStoreAccess> objectStore(ScrapeBatch batch) {
    var spec = batch.getSpec();
    boolean inObjectStore =
        Stream.of(spec.source().uri(), spec.target().table(), spec.target().quarantine())
            .anyMatch(StorageUris::inObjectStore);
    if (!inObjectStore) {
      return Optional.empty();
    }
    var settings = storage.over(spec.storage());
    boolean token =
        settings
            .credentialsSecret()
            .flatMap(name -> secrets.read(batch.getMetadata().getNamespace(), name))
            .flatMap(CredentialsSecrets.StaticCredentials::sessionToken)
            .isPresent();
    return Optional.of(new ObjectStoreAccess(settings, token));
  }

  private UpdateControl<ScrapeBatch> control(ScrapeBatch batch, Plan plan) {
    ScrapeBatchStatus before = batch.getStatus();
    boolean deleted = plan.actions().stream().anyMatch(a -> a instanceof Plan.Action.DeleteBatch);
    UpdateControl<ScrapeBatch> control;
    if (deleted || plan.status().equals(before)) {
      control = UpdateControl.noUpdate();
    } else {
      metrics.statusChanged(before, plan.status());
      var patch = new ScrapeBatch();
      patch.setMetadata(batch.getMetadata());
      patch.setStatus(plan.status());
      control = UpdateControl.patchStatus(patch);
    }
    plan.requeueAfter().ifPresent(control::rescheduleAfter);
    return control;
  }
}
