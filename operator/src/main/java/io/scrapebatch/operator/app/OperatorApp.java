package io.scrapebatch.operator.app;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.scrapebatch.operator.input.FileSystemInputProbe;
import io.scrapebatch.operator.k8s.ClusterActions;
import io.scrapebatch.operator.k8s.CredentialsSecrets;
import io.scrapebatch.operator.k8s.EventRecorder;
import io.scrapebatch.operator.k8s.LeanCache;
import io.scrapebatch.operator.k8s.TableLocks;
import io.scrapebatch.operator.metrics.OperatorMetrics;
import io.scrapebatch.operator.policy.BatchLifecycle;
import io.scrapebatch.operator.reconciler.ScrapeBatchReconciler;
import io.scrapebatch.operator.resources.DriverResourcesBuilder;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: builds the operator from its settings and runs it until closed. */
public final class OperatorApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorApp.class);

  private final Operator operator;
  private final HealthServer http;

  private final EventRecorder events;
  private final AtomicBoolean closing;

  private OperatorApp(
      Operator operator, HealthServer http, EventRecorder events, AtomicBoolean closing) {
    this.closing = closing;
    this.operator = operator;
    this.http = http;
    this.events = events;
  }

  /**
   * Losing the lease while running means another replica may reconcile too: exit so the pod
   * restarts as a standby. Not when the lease ends because we are stopping: System.exit inside a
   * shutdown hook would block the JVM forever (seen as SIGTERM hanging until the kill).
   */
  private static LeaderCallbacks exitOnLostLease(boolean exit, AtomicBoolean closing) {
    return new LeaderCallbacks(
        () -> LOG.info("leading"),
        () -> {
          if (exit && !closing.get()) {
            LOG.error("lost the lease while running; exiting");
            new Thread(() -> System.exit(1), "exit-on-lost-lease").start();
          }
        },
        leader -> LOG.info("leader is {}", leader));
  }

  public static OperatorApp start(OperatorSettings settings, KubernetesClient client, Clock clock) {
    var closing = new AtomicBoolean();
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    var events = new EventRecorder(client, clock, settings.identity());
    var secrets = new CredentialsSecrets(client);
    var reconciler =
        new ScrapeBatchReconciler(
            new BatchLifecycle(
                settings.sizing(),
                settings.skewRatioThreshold(),
                settings.storage(),
                new FileSystemInputProbe(secrets)),
            new TableLocks(client, settings.operatorNamespace(), clock),
            settings.storage(),
            secrets,
            new DriverResourcesBuilder(settings.driver()),
            new ClusterActions(client),
            events,
            new OperatorMetrics(registry),
            clock);
    var operator =
        new Operator(
            o -> {
              // Status as a JSON patch against the cached object: removed fields are removed, and
              // the API server does a fraction of server-side apply's work per update (measured
              // with bench-operator).
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withUseSSAToPatchPrimaryResource(false)
                  .withConcurrentReconciliationThreads(settings.concurrency())
                  .withMetrics(
                      MicrometerMetrics.newMicrometerMetricsBuilder(registry)
                          .notCollectingMetricsPerResource()
                          .build());
              settings
                  .leaderElection()
                  .ifPresent(
                      le ->
                          o.withLeaderElectionConfiguration(
                              new LeaderElectionConfiguration(
                                  le.leaseName(),
                                  le.leaseNamespace(),
                                  le.leaseDuration(),
                                  le.renewDeadline(),
                                  le.retryPeriod(),
                                  settings.identity(),
                                  exitOnLostLease(le.exitOnStopLeading(), closing),
                                  false)));
            });
    operator.register(
        reconciler,
        c -> {
          c.withItemStore(LeanCache.itemStore());
          c.withRetry(ScrapeBatchReconciler.retry());
          if (settings.namespaces().isEmpty()) {
            c.watchingAllNamespaces();
          } else {
            c.settingNamespaces(settings.namespaces());
          }
        });
    operator.start();
    var runtime = operator.getRuntimeInfo();
    var http =
        HealthServer.start(
            settings.httpPort(),
            registry,
            () -> runtime.allEventSourcesAreHealthy(),
            () -> runtime.isStarted() && runtime.allEventSourcesAreHealthy());
    return new OperatorApp(operator, http, events, closing);
  }

  /** The port /metrics, /healthz and /readyz listen on. */
  public int httpPort() {
    return http.port();
  }

  @Override
  public void close() {
    closing.set(true);
    http.close();
    operator.stop();
    events.close();
  }
}
