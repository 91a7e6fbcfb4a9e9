package io.scrapebatch.e2e.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scrapebatch.api.v1alpha1.ScrapeBatchCrd;
import io.scrapebatch.e2e.kubelet.KubeletConfig;
import io.scrapebatch.e2e.kubelet.ProcessKubelet;
import io.scrapebatch.e2e.kubelet.SparkImage;
import io.scrapebatch.operator.app.OperatorApp;
import io.scrapebatch.operator.app.OperatorSettings;
import io.scrapebatch.operator.policy.SizingRules;
import io.scrapebatch.operator.policy.StorageSettings;
import io.scrapebatch.operator.resources.DriverSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything a ScrapeBatch needs on one machine: the real control plane, the process kubelet
 * running the job image's stand-in, the CRD, and the operator (in this JVM, so tests can stop and
 * restart it).
 */
public final class LocalCluster implements AutoCloseable {
  public static final String JOB_IMAGE = "ghcr.io/scrapebatch/scrapebatch-etl-job:0.1.0";

  private final LocalControlPlane plane;
  private final ProcessKubelet kubelet;
  private OperatorApp operator;
  private boolean closed;

  private LocalCluster(LocalControlPlane plane, ProcessKubelet kubelet) {
    this.plane = plane;
    this.kubelet = kubelet;
  }

  /**
   * @param instantCompletion present for benchmarks: pods complete at once without running
   */
  public static LocalCluster start(
      Path workDir, Path sparkImage, Optional<Function<Pod, String>> instantCompletion) {
    var plane = LocalControlPlane.start(workDir.resolve("control-plane"));
    try {
      plane.awaitControllers(Duration.ofSeconds(90));
      ScrapeBatchCrd.install(plane.client(), Duration.ofSeconds(30));
      var images =
          List.<io.scrapebatch.e2e.kubelet.ImageRuntime>of(
              new SparkImage(sparkImage, image -> image.contains("scrapebatch-etl-job")));
      var kubelet =
          new ProcessKubelet(
                  plane.client(),
                  new KubeletConfig(
                      "process-node",
                      workDir.resolve("kubelet"),
                      images,
                      plane.caCertificate(),
                      plane.port(),
                      instantCompletion))
              .start();
      return new LocalCluster(plane, kubelet);
    } catch (RuntimeException e) {
      plane.close();
      throw e;
    }
  }

  public KubernetesClient client() {
    return plane.client();
  }

  public LocalControlPlane controlPlane() {
    return plane;
  }

  public ProcessKubelet kubelet() {
    return kubelet;
  }

  /** A namespace with the driver service account and its RBAC. */
  public void prepareNamespace(String namespace) {
    DriverRbac.prepare(client(), namespace);
  }

  /** Starts the operator watching {@code namespaces}, with the given sizing rules. */
  public OperatorApp startOperator(Set<String> namespaces, SizingRules sizing) {
    return startOperator(
        namespaces,
        sizing,
        new StorageSettings(Optional.empty(), "us-east-1", false, Optional.empty()));
  }

  /** Starts the operator with {@code storage} as its object-storage settings. */
  public OperatorApp startOperator(
      Set<String> namespaces, SizingRules sizing, StorageSettings storage) {
    stopOperator();
    var settings =
        new OperatorSettings(
            namespaces,
            4,
            new DriverSettings(
                JOB_IMAGE,
                "IfNotPresent",
                DriverRbac.SERVICE_ACCOUNT,
                plane.masterUrl(),
                "io.scrapebatch.etl.ScrapeBatchJob",
                Optional.empty()),
            sizing,
            5.0,
            storage,
            "default",
            0,
            Optional.empty(),
            "local-operator");
    operator = OperatorApp.start(settings, client(), Clock.systemUTC());
    return operator;
  }

  public synchronized void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
  }

  /** Idempotent: the demo closes on exit and on Ctrl-C alike. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopOperator();
    kubelet.close();
    plane.close();
  }
}
