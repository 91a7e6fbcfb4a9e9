package io.scrapebatch.operator.app;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.scrapebatch.operator.input.InputProbes;
import io.scrapebatch.operator.input.LocalInputProbe;
import io.scrapebatch.operator.k8s.ClusterActions;
import io.scrapebatch.operator.k8s.EventRecorder;
import io.scrapebatch.operator.metrics.OperatorMetrics;
import io.scrapebatch.operator.policy.BatchLifecycle;
import io.scrapebatch.operator.reconciler.ScrapeBatchReconciler;
import io.scrapebatch.operator.resources.DriverResourcesBuilder;
import java.time.Clock;
import java.util.List;

/** The composition root: builds the operator from its settings and runs it until closed. */
public final class OperatorApp implements AutoCloseable {
  private final Operator operator;
  private final HealthServer http;
  private final PrometheusMeterRegistry registry;

  private final EventRecorder events;

  private OperatorApp(
      Operator operator,
      HealthServer http,
      PrometheusMeterRegistry registry,
      EventRecorder events) {
    this.operator = operator;
    this.http = http;
    this.registry = registry;
    this.events = events;
  }

  public static OperatorApp start(OperatorSettings settings, KubernetesClient client, Clock clock) {
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    var events = new EventRecorder(client, clock, settings.identity());
    var reconciler =
        new ScrapeBatchReconciler(
            new BatchLifecycle(settings.sizing(), settings.skewRatioThreshold()),
            new InputProbes(List.of(new LocalInputProbe())),
            new DriverResourcesBuilder(settings.driver()),
            new ClusterActions(client),
            events,
            new OperatorMetrics(registry),
            clock);
    var operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
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
                                  null,
                                  le.exitOnStopLeading())));
            });
    operator.register(
        reconciler,
        c -> {
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
    return new OperatorApp(operator, http, registry, events);
  }

  /** The port /metrics, /healthz and /readyz listen on. */
  public int httpPort() {
    return http.port();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    http.close();
    operator.stop();
    events.close();
  }
}
