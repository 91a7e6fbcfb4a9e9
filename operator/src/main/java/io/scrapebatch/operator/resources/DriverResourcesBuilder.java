package io.scrapebatch.operator.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.scrapebatch.api.v1alpha1.JobOverride;
import io.scrapebatch.api.v1alpha1.ScrapeBatch;
import io.scrapebatch.operator.k8s.Labels;
import io.scrapebatch.operator.policy.ResourceNames;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.deploy.k8s.KubernetesDriverConf;
import org.apache.spark.deploy.k8s.KubernetesDriverSpec;
import org.apache.spark.deploy.k8s.submit.JavaMainAppResource;
import org.apache.spark.deploy.k8s.submit.KubernetesClientUtils;
import org.apache.spark.deploy.k8s.submit.KubernetesDriverBuilder;
import org.apache.spark.util.SystemClock;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Builds an attempt's driver pod, driver Service and spark-properties ConfigMap the way Spark's own
 * submission does ({@code KubernetesClientApplication}): Spark's {@link KubernetesDriverBuilder}
 * runs its feature steps, then the properties go into a ConfigMap mounted at {@code
 * /opt/spark/conf}. On top: deterministic names, owner references to the batch, our labels, the
 * contract file, an executor pod template and the restricted security context.
 */
public final class DriverResourcesBuilder {
  // The API records are annotated to leave out nulls, so the file has the CRD's shape.
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONF_VOLUME = "spark-conf-volume-driver";

  private final DriverSettings settings;
  private final SparkConfFactory confs;

  public DriverResourcesBuilder(DriverSettings settings) {
    this.settings = settings;
    this.confs = new SparkConfFactory(settings);
  }

  public DriverResources build(LaunchRequest request) {
    var names = request.names();
    var conf = confs.sparkConf(request);
    var custom = Optional.ofNullable(request.spec().job());
    String mainClass = custom.map(JobOverride::mainClass).orElse(settings.mainClass());
    Optional<String> jar =
        custom.isPresent() ? Optional.ofNullable(custom.get().jar()) : settings.primaryResource();
    var driverConf =
        new KubernetesDriverConf(
            conf,
            names.sparkAppId(),
            new JavaMainAppResource(Option.apply(jar.orElse(null))),
            mainClass,
            JobArguments.of(request, SparkConfFactory.CONF_DIR).toArray(String[]::new),
            Option.empty(),
            new SystemClock());
    // No pod template file is configured for the driver, so the builder never uses a client.
    KubernetesDriverSpec spec = new KubernetesDriverBuilder().buildFromFeatures(driverConf, null);

    Map<String, String> properties =
        new TreeMap<>(CollectionConverters.asJava(spec.systemProperties()));
    properties.putAll(confs.runtimeProperties(request));
    Optional<Service> service = driverService(spec, request);

    OwnerReference owner = ownerReference(request);
    ConfigMap configMap = configMap(request, conf, properties, owner);
    Pod pod = driverPod(spec, request, configMap, owner);
    return new DriverResources(pod, service.map(svc -> owned(svc, request, owner)), configMap);
  }

  /** Spark names the Service after a random prefix; ours must survive an operator restart. */
  private static Optional<Service> driverService(KubernetesDriverSpec spec, LaunchRequest request) {
    var resources = CollectionConverters.asJava(spec.driverKubernetesResources());
    var pre = CollectionConverters.asJava(spec.driverPreKubernetesResources());
    if (!pre.isEmpty() || resources.stream().anyMatch(r -> !(r instanceof Service))) {
      throw new IllegalStateException(
          "unexpected Spark driver resources (a feature step the operator does not manage is on): "
              + resources.stream().map(HasMetadata::getKind).toList());
    }
    return resources.stream()
        .map(Service.class::cast)
        .findFirst()
        .map(
            svc ->
                new ServiceBuilder(svc)
                    .editMetadata()
                    .withName(request.names().driverService())
                    .endMetadata()
                    .build());
  }

  private ConfigMap configMap(
      LaunchRequest request,
      org.apache.spark.SparkConf conf,
      Map<String, String> properties,
      OwnerReference owner) {
    String name = request.names().configMap();
    Map<String, String> files =
        new TreeMap<>(KubernetesClientUtils.buildSparkConfDirFilesMapJava(name, conf, properties));
    files.put(JobArguments.CONTRACT_FILE, json(request.spec().contract()));
    if (!request.sizing().local()) {
      files.put(SparkConfFactory.EXECUTOR_TEMPLATE_FILE, ExecutorPodTemplate.yaml());
    }
    var built = KubernetesClientUtils.buildConfigMapJava(name, files, Map.of());
    return owned(new ConfigMapBuilder(built).build(), request, owner);
  }

  private Pod driverPod(
      KubernetesDriverSpec spec, LaunchRequest request, ConfigMap configMap, OwnerReference owner) {
    var sparkPod = spec.pod();
    var container =
        PodHardening.harden(
            new ContainerBuilder(sparkPod.container())
                .addNewEnv()
                .withName("SPARK_CONF_DIR")
                .withValue(SparkConfFactory.CONF_DIR)
                .endEnv()
                .addNewVolumeMount()
                .withName(CONF_VOLUME)
                .withMountPath(SparkConfFactory.CONF_DIR)
                .endVolumeMount()
                .build());
    var items = KubernetesClientUtils.buildKeyToPathObjectsJava(configMap.getData());
    Pod pod =
        new PodBuilder(sparkPod.pod())
            .editSpec()
            .withSecurityContext(PodHardening.podSecurityContext())
            .addToContainers(container)
            .addNewVolume()
            .withName(CONF_VOLUME)
            .withNewConfigMap()
            .withName(configMap.getMetadata().getName())
            .withItems(items)
            .endConfigMap()
            .endVolume()
            .endSpec()
            .build();
    return owned(pod, request, owner);
  }

  private static <T extends HasMetadata> T owned(
      T resource, LaunchRequest request, OwnerReference owner) {
    var meta = resource.getMetadata();
    meta.setNamespace(request.namespace());
    meta.setOwnerReferences(java.util.List.of(owner));
    Map<String, String> labels =
        new TreeMap<>(Optional.ofNullable(meta.getLabels()).orElse(Map.of()));
    labels.put(Labels.BATCH, ResourceNames.labelValue(request.batchName()));
    labels.put(Labels.ATTEMPT, String.valueOf(request.attempt()));
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    meta.setLabels(labels);
    return resource;
  }

  private static OwnerReference ownerReference(LaunchRequest request) {
    return new OwnerReferenceBuilder()
        .withApiVersion(ScrapeBatch.GROUP + "/" + ScrapeBatch.VERSION)
        .withKind("ScrapeBatch")
        .withName(request.batchName())
        .withUid(request.batchUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  private static String json(Object value) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
