package io.scrapebatch.etl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.scrapebatch.api.job.JobContract;
import io.scrapebatch.api.v1alpha1.Progress;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes progress as an annotation on the driver's own pod, where the operator's pod informer
 * turns it into {@code status.progress}. The driver already may patch pods (it manages its
 * executors), and Spark's own Kubernetes client is on every job image's classpath.
 */
final class PodAnnotationProgressSink implements ProgressSink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PodAnnotationProgressSink.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final String namespace;
  private final String pod;
  private boolean warned;

  private PodAnnotationProgressSink(KubernetesClient client, String namespace, String pod) {
    this.client = client;
    this.namespace = namespace;
    this.pod = pod;
  }

  /** The sink for a driver pod the operator launched; empty when not running in one. */
  static Optional<PodAnnotationProgressSink> forDriverPod(SparkConf conf) {
    if (!conf.contains("spark.kubernetes.driver.pod.name")
        || !conf.contains("spark.kubernetes.namespace")
        || System.getenv("KUBERNETES_SERVICE_HOST") == null) {
      return Optional.empty();
    }
    // The same API server Spark's driver talks to; in-cluster token and CA otherwise.
    Config config = new ConfigBuilder(Config.autoConfigure(null)).build();
    if (conf.contains("spark.kubernetes.driver.master")) {
      config.setMasterUrl(conf.get("spark.kubernetes.driver.master"));
    }
    var client = new KubernetesClientBuilder().withConfig(config).build();
    return Optional.of(
        new PodAnnotationProgressSink(
            client,
            conf.get("spark.kubernetes.namespace"),
            conf.get("spark.kubernetes.driver.pod.name")));
  }

  @Override
  public void publish(Progress progress) {
    try {
      String json = JSON.writeValueAsString(progress);
      client
          .pods()
          .inNamespace(namespace)
          .withName(pod)
          .edit(
              p ->
                  new PodBuilder(p)
                      .editMetadata()
                      .addToAnnotations(JobContract.PROGRESS_ANNOTATION, json)
                      .endMetadata()
                      .build());
    } catch (JsonProcessingException | RuntimeException e) {
      // Progress is best effort; the job's outcome never depends on it.
      if (!warned) {
        LOG.warn("cannot annotate pod {}/{} with progress: {}", namespace, pod, e.getMessage());
        warned = true;
      }
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
