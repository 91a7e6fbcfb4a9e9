package io.scrapebatch.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.scrapebatch.api.v1alpha1.ScrapeBatch;
import io.scrapebatch.api.v1alpha1.ScrapeBatchStatus;
import io.scrapebatch.operator.k8s.ClusterActions;
import io.scrapebatch.operator.k8s.EventRecorder;
import io.scrapebatch.operator.k8s.Labels;
import io.scrapebatch.operator.k8s.PodObservations;
import io.scrapebatch.operator.metrics.OperatorMetrics;
import io.scrapebatch.operator.policy.BatchLifecycle;
import io.scrapebatch.operator.policy.BatchSnapshot;
import io.scrapebatch.operator.policy.Plan;
import io.scrapebatch.operator.resources.DriverResourcesBuilder;
import io.scrapebatch.operator.resources.LaunchRequest;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

  private final BatchLifecycle lifecycle;
  private final DriverResourcesBuilder drivers;
  private final ClusterActions actions;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final Clock clock;

  public ScrapeBatchReconciler(
      BatchLifecycle lifecycle,
      DriverResourcesBuilder drivers,
      ClusterActions actions,
      EventRecorder events,
      OperatorMetrics metrics,
      Clock clock) {
    this.lifecycle = lifecycle;
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
    // Spark conf), so one informer on our label follows every pod of every attempt.
    var pods =
        InformerEventSourceConfiguration.from(Pod.class, ScrapeBatch.class)
            .withLabelSelector(Labels.MANAGED_SELECTOR)
            .withSecondaryToPrimaryMapper(
                pod ->
                    Optional.ofNullable(pod.getMetadata().getLabels())
                        .map(l -> l.get(Labels.BATCH))
                        .map(name -> Set.of(new ResourceID(name, pod.getMetadata().getNamespace())))
                        .orElse(Set.of()))
            .build();
    return List.of(new InformerEventSource<>(pods, context));
  }

  @Override
  public UpdateControl<ScrapeBatch> reconcile(ScrapeBatch batch, Context<ScrapeBatch> context) {
    metrics.countBatchesFrom(() -> context.getPrimaryCache().list());
    var meta = batch.getMetadata();
    MDC.put("batch", meta.getNamespace() + "/" + meta.getName());
    try {
      var pods =
          context.getSecondaryResources(Pod.class).stream().map(PodObservations::from).toList();
      var snapshot =
          new BatchSnapshot(
              meta.getName(),
              meta.getUid(),
              meta.getGeneration(),
              batch.getSpec(),
              batch.getStatus(),
              pods,
              clock.instant());
      Plan plan = lifecycle.plan(snapshot);
      carryOut(batch, plan);
      return control(batch, plan);
    } finally {
      MDC.remove("batch");
    }
  }

  private void carryOut(ScrapeBatch batch, Plan plan) {
    var meta = batch.getMetadata();
    for (Plan.Action action : plan.actions()) {
      if (action instanceof Plan.Action.LaunchAttempt launch) {
        launch(batch, launch);
      } else if (action instanceof Plan.Action.DeletePod delete) {
        LOG.info("deleting pod {}: {}", delete.name(), delete.why());
        actions.deletePod(meta.getNamespace(), delete.name());
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

  private void launch(ScrapeBatch batch, Plan.Action.LaunchAttempt launch) {
    var meta = batch.getMetadata();
    var request =
        new LaunchRequest(
            meta.getNamespace(),
            meta.getName(),
            meta.getUid(),
            batch.getSpec(),
            launch.attempt(),
            launch.sizing());
    var resources = drivers.build(request);
    String driver = resources.pod().getMetadata().getName();
    if (actions.createIfAbsent(resources.inCreationOrder()).contains(driver)) {
      LOG.info("attempt {}: created driver {}", launch.attempt(), driver);
      metrics.driverCreated(batch, launch.attempt(), clock.instant());
    }
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
