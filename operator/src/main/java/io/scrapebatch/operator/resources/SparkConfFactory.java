package io.scrapebatch.operator.resources;

import io.scrapebatch.operator.k8s.Labels;
import io.scrapebatch.operator.policy.ResourceNames;
import io.scrapebatch.operator.policy.SparkSizing;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkConf;

/**
 * The Spark properties of one attempt: the user's {@code spec.sparkConf}, then the retry's tuning,
 * then what the operator manages (sizing, Kubernetes wiring, labels), in that order of precedence.
 */
final class SparkConfFactory {
  static final String CONF_DIR = "/opt/spark/conf";
  static final String EXECUTOR_TEMPLATE_FILE = "executor-pod-template.yaml";
  static final String DRIVER_SERVICE_STEP =
      "org.apache.spark.deploy.k8s.features.DriverServiceFeatureStep";

  /**
   * Spark's driver steps that cannot apply to a batch, left out of every build. Kerberos: the
   * operator refuses {@code hdfs:} storage, so there are no delegation tokens to fetch, and the
   * step would fetch them as the operator's own user; it also built two Hadoop configurations per
   * launch, the larger part of a driver build (bench-operator).
   */
  private static final String EXCLUDED_STEPS = "spark.kubernetes.driver.pod.excludedFeatureSteps";

  static final List<String> STEPS_THAT_CANNOT_APPLY =
      List.of("org.apache.spark.deploy.k8s.features.KerberosConfDriverFeatureStep");

  private final DriverSettings settings;

  SparkConfFactory(DriverSettings settings) {
    this.settings = settings;
  }

  /** Properties as given to Spark's driver builder. */
  Map<String, String> properties(LaunchRequest request) {
    SparkSizing s = request.sizing();
    var names = request.names();
    Map<String, String> p = new TreeMap<>();
    if (request.spec().sparkConf() != null) {
      p.putAll(request.spec().sparkConf());
    }
    p.putAll(s.tuning());
    request.objectStore().map(StorageConf::properties).ifPresent(p::putAll);
    p.put("spark.app.name", request.batchName());
    p.put("spark.submit.deployMode", "cluster");
    p.put("spark.kubernetes.submitInDriver", "true");
    p.put("spark.kubernetes.namespace", request.namespace());
    p.put("spark.kubernetes.container.image", image(request));
    p.put("spark.kubernetes.container.image.pullPolicy", settings.imagePullPolicy());
    p.put("spark.kubernetes.driver.pod.name", names.driverPod());
    p.put("spark.kubernetes.authenticate.driver.serviceAccountName", settings.serviceAccount());
    p.put("spark.kubernetes.driver.annotateExitException", "true");
    p.put("spark.driver.memory", s.driverMemory().toSparkSize());
    p.put("spark.driver.memoryOverhead", s.driverOverhead().toSparkSize());
    p.put("spark.sql.shuffle.partitions", String.valueOf(s.shufflePartitions()));
    labels(p, "driver", request);
    p.put(EXCLUDED_STEPS, excluded());
    if (s.local()) {
      p.put("spark.master", "local[" + s.executorCores() + "]");
      p.put("spark.driver.cores", String.valueOf(s.executorCores()));
      // One pod, no executors to reach it: no driver Service.
      p.put(EXCLUDED_STEPS, excluded(DRIVER_SERVICE_STEP));
    } else {
      p.put("spark.master", "k8s://" + settings.masterUrl());
      // The driver's own API client uses this, not spark.master.
      p.put("spark.kubernetes.driver.master", settings.masterUrl());
      p.put("spark.driver.cores", "1");
      p.put("spark.executor.instances", String.valueOf(s.executors()));
      p.put("spark.executor.cores", String.valueOf(s.executorCores()));
      p.put("spark.executor.memory", s.executorMemory().toSparkSize());
      p.put("spark.executor.memoryOverhead", s.executorOverhead().toSparkSize());
      p.put("spark.kubernetes.executor.podNamePrefix", names.prefix());
      // Failed executors stay as evidence (OOMKilled, exit codes) until the batch is deleted.
      p.put("spark.kubernetes.executor.deleteOnTermination", "false");
      labels(p, "executor", request);
    }
    return p;
  }

  private static String excluded(String... more) {
    var steps = new ArrayList<>(STEPS_THAT_CANNOT_APPLY);
    steps.addAll(List.of(more));
    return String.join(",", steps);
  }

  /**
   * Properties only the running driver reads; set after building (the builder would load the
   * template file). Executors reach the driver through its Service, which the builder names after a
   * random prefix and {@link DriverResourcesBuilder} renames deterministically.
   */
  Map<String, String> runtimeProperties(LaunchRequest request) {
    if (request.sizing().local()) {
      return Map.of();
    }
    return Map.of(
        "spark.kubernetes.executor.podTemplateFile",
        CONF_DIR + "/" + EXECUTOR_TEMPLATE_FILE,
        "spark.driver.host",
        request.names().driverService() + "." + request.namespace() + ".svc");
  }

  SparkConf sparkConf(LaunchRequest request) {
    var conf = new SparkConf(false);
    properties(request).forEach(conf::set);
    return conf;
  }

  String image(LaunchRequest request) {
    return request.spec().image() != null ? request.spec().image() : settings.image();
  }

  private static void labels(Map<String, String> p, String role, LaunchRequest request) {
    String prefix = "spark.kubernetes." + role + ".label.";
    p.put(prefix + Labels.BATCH, ResourceNames.labelValue(request.batchName()));
    p.put(prefix + Labels.ATTEMPT, String.valueOf(request.attempt()));
    p.put(prefix + Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
  }
}
