package io.scrapebatch.operator.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.scrapebatch.api.v1alpha1.ExecutionMode;
import io.scrapebatch.api.v1alpha1.JobOverride;
import io.scrapebatch.api.v1alpha1.ScrapeBatchSpec;
import io.scrapebatch.api.v1alpha1.Specs;
import io.scrapebatch.operator.policy.InputSize;
import io.scrapebatch.operator.policy.Memory;
import io.scrapebatch.operator.policy.SizingCalculator;
import io.scrapebatch.operator.policy.SizingCaps;
import io.scrapebatch.operator.policy.SizingRules;
import io.scrapebatch.operator.policy.SparkSizing;
import io.scrapebatch.operator.policy.StorageSettings;
import java.io.StringReader;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DriverResourcesBuilderTest {
  static final DriverSettings SETTINGS =
      new DriverSettings(
          "ghcr.io/scrapebatch/etl-job:0.1.0",
          "IfNotPresent",
          "scrapebatch-driver",
          "https://kubernetes.default.svc",
          "io.scrapebatch.etl.ScrapeBatchJob",
          Optional.empty());
  static final String EXCLUDED_STEPS = "spark.kubernetes.driver.pod.excludedFeatureSteps";
  static final String UID = "9f0c2a7e-1111-2222-3333-444455556666";

  private final DriverResourcesBuilder builder = new DriverResourcesBuilder(SETTINGS);

  static ScrapeBatchSpec spec(Map<String, String> sparkConf) {
    var specs =
        Specs.products()
            .source("s3a://raw/products/2026-05-19/")
            .target("s3a://clean/products", "s3a://clean/quarantine", null)
            .datePartitioned();
    sparkConf.forEach(specs::sparkConf);
    return specs.build();
  }

  static SparkSizing sizing(long bytes) {
    var caps =
        new SizingCaps(
            ExecutionMode.AUTO,
            1,
            10,
            2,
            Memory.parse("8Gi"),
            Memory.parse("4Gi"),
            Optional.empty(),
            Optional.empty());
    return new SizingCalculator(SizingRules.defaults())
        .initial(new InputSize(bytes, 10, false), caps, 0);
  }

  private DriverResources cluster() {
    return builder.build(
        new LaunchRequest(
            "scrapes",
            "products",
            UID,
            spec(Map.of("spark.sql.adaptive.enabled", "true")),
            2,
            sizing(10L << 30),
            Optional.empty()));
  }

  @Test
  void theDriverPodIsSizedFromTheAttemptWithSparksOverheadRule() {
    Container c = driver(cluster().pod());

    // 1 GiB heap + max(384 MiB, 10%) overhead
    assertThat(c.getResources().getRequests().get("memory")).isEqualTo(new Quantity("1408Mi"));
    assertThat(c.getResources().getLimits().get("memory")).isEqualTo(new Quantity("1408Mi"));
    assertThat(c.getResources().getRequests().get("cpu")).isEqualTo(new Quantity("1"));
  }

  @Test
  void namesAreDeterministicAndEverythingIsOwnedByTheBatch() {
    var r = cluster();

    assertThat(r.pod().getMetadata().getName()).matches("products-[0-9a-f]{5}-a2-driver");
    assertThat(r.service().orElseThrow().getMetadata().getName())
        .isEqualTo(r.pod().getMetadata().getName() + "-svc");
    assertThat(r.configMap().getMetadata().getName()).matches("products-[0-9a-f]{5}-a2-conf");
    assertThat(r.inCreationOrder())
        .allSatisfy(
            o -> {
              assertThat(o.getMetadata().getNamespace()).isEqualTo("scrapes");
              assertThat(o.getMetadata().getOwnerReferences())
                  .singleElement()
                  .satisfies(
                      ref -> {
                        assertThat(ref.getKind()).isEqualTo("ScrapeBatch");
                        assertThat(ref.getApiVersion()).isEqualTo("scrapebatch.io/v1alpha1");
                        assertThat(ref.getUid()).isEqualTo(UID);
                        assertThat(ref.getController()).isTrue();
                      });
              assertThat(o.getMetadata().getLabels())
                  .containsEntry("scrapebatch.io/batch", "products")
                  .containsEntry("scrapebatch.io/attempt", "2")
                  .containsEntry("app.kubernetes.io/managed-by", "scrapebatch-operator");
            });
    assertThat(
            builder
                .build(
                    new LaunchRequest(
                        "scrapes",
                        "products",
                        UID,
                        spec(Map.of()),
                        2,
                        sizing(10L << 30),
                        Optional.empty()))
                .pod()
                .getMetadata()
                .getName())
        .isEqualTo(r.pod().getMetadata().getName());
  }

  @Test
  void theDriverRunsTheJobWithItsArgumentsAndSparksOwnEntrypointRole() {
    Pod pod = cluster().pod();
    Container c = driver(pod);

    assertThat(c.getImage()).isEqualTo("ghcr.io/scrapebatch/etl-job:0.1.0");
    assertThat(c.getArgs())
        .startsWith(
            "driver",
            "--properties-file",
            "/opt/spark/conf/spark.properties",
            "--class",
            "io.scrapebatch.etl.ScrapeBatchJob");
    assertThat(String.join(" ", c.getArgs()))
        .contains("--input s3a://raw/products/2026-05-19/")
        .contains("--contract /opt/spark/conf/contract.json")
        .contains("--dedup-keys url --order-by scraped_at")
        .contains("--partition-column dt --partition-field scraped_at --partition-transform date")
        .contains("--batch-id scrapes/products/" + UID)
        .contains("--attempt 2");
    assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("scrapebatch-driver");
    assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
    assertThat(pod.getMetadata().getLabels()).containsEntry("spark-role", "driver");
  }

  @Test
  void theEnvironmentPointsSparkAtTheMountedConfiguration() {
    Container c = driver(cluster().pod());

    assertThat(c.getEnv())
        .extracting(EnvVar::getName)
        .contains("SPARK_CONF_DIR", "SPARK_DRIVER_BIND_ADDRESS", "SPARK_LOCAL_DIRS");
    assertThat(env(c, "SPARK_CONF_DIR")).isEqualTo("/opt/spark/conf");
    assertThat(
            c.getEnv().stream()
                .filter(e -> e.getName().equals("SPARK_DRIVER_BIND_ADDRESS"))
                .findFirst()
                .orElseThrow()
                .getValueFrom()
                .getFieldRef()
                .getFieldPath())
        .isEqualTo("status.podIP");
    assertThat(c.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/opt/spark/conf"));
  }

  @Test
  void theConfigMapCarriesTheSizedPropertiesTheContractAndTheExecutorTemplate() throws Exception {
    var r = cluster();
    var data = r.configMap().getData();

    var props = new Properties();
    props.load(new StringReader(data.get("spark.properties")));
    assertThat(props)
        .containsEntry("spark.master", "k8s://https://kubernetes.default.svc")
        .containsEntry("spark.kubernetes.driver.master", "https://kubernetes.default.svc")
        .containsEntry("spark.executor.instances", "8")
        .containsEntry("spark.executor.memory", "4g")
        .containsEntry("spark.executor.memoryOverhead", "410m")
        .containsEntry("spark.executor.cores", "2")
        .containsEntry("spark.sql.shuffle.partitions", "80")
        .containsEntry("spark.sql.adaptive.enabled", "true")
        .containsEntry("spark.kubernetes.driver.pod.name", r.pod().getMetadata().getName())
        .containsEntry(
            "spark.kubernetes.executor.podNamePrefix",
            r.pod().getMetadata().getName().replace("-driver", ""))
        .containsEntry("spark.kubernetes.executor.label.scrapebatch.io/attempt", "2")
        .containsEntry("spark.kubernetes.executor.deleteOnTermination", "false")
        .containsEntry(
            "spark.kubernetes.executor.podTemplateFile",
            "/opt/spark/conf/executor-pod-template.yaml")
        .containsEntry(
            "spark.driver.host",
            r.service().orElseThrow().getMetadata().getName() + ".scrapes.svc");
    assertThat(data.get("contract.json"))
        .contains("\"name\" : \"scraped_at\"")
        .contains("\"maxInvalidRatio\" : 0.05");
    var template = Serialization.unmarshal(data.get("executor-pod-template.yaml"), Pod.class);
    assertThat(template.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(template.getSpec().getContainers().get(0).getTerminationMessagePolicy())
        .isEqualTo("FallbackToLogsOnError");
    assertThat(r.pod().getSpec().getVolumes())
        .filteredOn(v -> v.getConfigMap() != null)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getConfigMap().getName())
                  .isEqualTo(r.configMap().getMetadata().getName());
              assertThat(v.getConfigMap().getItems())
                  .extracting(i -> i.getKey())
                  .contains("spark.properties", "contract.json");
            });
  }

  /** An object-store batch's storage: the operator's endpoint, a region, path-style, a Secret. */
  static final ObjectStoreAccess S3_WITH_SECRET =
      new ObjectStoreAccess(
          new StorageSettings(
              Optional.of("http://s3.storage.svc:7070"), "eu-west-1", true, Optional.of("s3-keys")),
          false);

  @Test
  void anObjectStoreBatchGetsS3aSettingsAndItsCredentialsOnlyAsSecretReferences() throws Exception {
    var r = withObjectStore(S3_WITH_SECRET);

    Container c = driver(r.pod());
    assertThat(c.getEnv())
        .filteredOn(e -> e.getName().startsWith("AWS_"))
        .extracting(EnvVar::getName)
        .containsExactlyInAnyOrder("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
    assertThat(c.getEnv())
        .filteredOn(e -> e.getName().startsWith("AWS_"))
        .allSatisfy(
            e -> {
              assertThat(e.getValue()).isNull();
              assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("s3-keys");
              assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(e.getName());
            });
    assertThat(sparkProperties(r))
        .containsEntry("spark.hadoop.fs.s3a.endpoint", "http://s3.storage.svc:7070")
        .containsEntry("spark.hadoop.fs.s3a.endpoint.region", "eu-west-1")
        .containsEntry("spark.hadoop.fs.s3a.path.style.access", "true")
        .containsEntry(
            "spark.kubernetes.executor.secretKeyRef.AWS_SECRET_ACCESS_KEY",
            "s3-keys:AWS_SECRET_ACCESS_KEY")
        .doesNotContainKey("spark.kubernetes.executor.secretKeyRef.AWS_SESSION_TOKEN");
  }

  @Test
  void withoutASecretThePodsUseTheDefaultCredentialChain() throws Exception {
    var r =
        withObjectStore(
            new ObjectStoreAccess(
                new StorageSettings(Optional.empty(), "us-east-1", false, Optional.empty()),
                false));

    assertThat(driver(r.pod()).getEnv()).noneMatch(e -> e.getName().startsWith("AWS_"));
    assertThat(sparkProperties(r).stringPropertyNames())
        .noneMatch(k -> k.contains("secretKeyRef") || k.equals("spark.hadoop.fs.s3a.endpoint"));
  }

  private DriverResources withObjectStore(ObjectStoreAccess access) {
    return builder.build(
        new LaunchRequest(
            "scrapes", "products", UID, spec(Map.of()), 1, sizing(10L << 30), Optional.of(access)));
  }

  private static Properties sparkProperties(DriverResources r) throws java.io.IOException {
    var props = new Properties();
    props.load(new StringReader(r.configMap().getData().get("spark.properties")));
    return props;
  }

  @Test
  void theDriverServiceExposesTheDriverAndBlockManagerPorts() {
    var svc = cluster().service().orElseThrow();

    assertThat(svc.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(svc.getSpec().getPorts()).extracting(p -> p.getPort()).contains(7078, 7079);
    assertThat(svc.getSpec().getSelector()).containsEntry("spark-role", "driver");
  }

  @Test
  void everyContainerRunsRestricted() {
    Pod pod = cluster().pod();
    Container c = driver(pod);

    assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSpec().getSecurityContext().getSeccompProfile().getType())
        .isEqualTo("RuntimeDefault");
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(c.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
    assertThat(c.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
  }

  @Test
  void aLocalModeAttemptIsOnePodWithoutServiceOrExecutors() throws Exception {
    var r =
        builder.build(
            new LaunchRequest(
                "scrapes", "products", UID, spec(Map.of()), 1, sizing(1L << 20), Optional.empty()));

    assertThat(r.service()).isEmpty();
    var props = new Properties();
    props.load(new StringReader(r.configMap().getData().get("spark.properties")));
    assertThat(props)
        .containsEntry("spark.master", "local[2]")
        .doesNotContainKey("spark.executor.instances");
    assertThat(r.configMap().getData()).doesNotContainKey("executor-pod-template.yaml");
    // 1 GiB heap + 384 MiB overhead, two cores
    Container c = driver(r.pod());
    assertThat(c.getResources().getLimits().get("memory")).isEqualTo(new Quantity("1408Mi"));
    assertThat(c.getResources().getRequests().get("cpu")).isEqualTo(new Quantity("2"));
  }

  @Test
  void sparksKerberosStepIsLeftOutOfEveryBuildAndTheServiceStepInLocalMode() throws Exception {
    var local =
        builder.build(
            new LaunchRequest(
                "scrapes", "products", UID, spec(Map.of()), 1, sizing(1L << 20), Optional.empty()));

    String kerberos = "org.apache.spark.deploy.k8s.features.KerberosConfDriverFeatureStep";
    assertThat(sparkProperties(cluster()).getProperty(EXCLUDED_STEPS)).isEqualTo(kerberos);
    assertThat(sparkProperties(local).getProperty(EXCLUDED_STEPS).split(","))
        .containsExactly(kerberos, SparkConfFactory.DRIVER_SERVICE_STEP);
    // The builder ran the rest: the cluster-mode attempt still has Spark's driver Service.
    assertThat(cluster().service()).isPresent();
  }

  @Test
  void saltingFromARetryReachesTheJobArguments() {
    var salted =
        sizing(10L << 30).withSalting(16, Map.of("spark.sql.adaptive.skewJoin.enabled", "true"));

    var r =
        builder.build(
            new LaunchRequest(
                "scrapes", "products", UID, spec(Map.of()), 3, salted, Optional.empty()));

    assertThat(String.join(" ", driver(r.pod()).getArgs())).contains("--salt-buckets 16");
    assertThat(r.configMap().getData().get("spark.properties"))
        .contains("spark.sql.adaptive.skewJoin.enabled=true");
  }

  @Test
  void aBatchCanRunItsOwnJobJarWithTheSameArguments() {
    var own =
        Specs.products()
            .job(new JobOverride("com.example.MyJob", "local:///opt/jobs/my.jar"))
            .build();

    var r =
        builder.build(
            new LaunchRequest(
                "scrapes", "products", UID, own, 1, sizing(1L << 20), Optional.empty()));

    var args = driver(r.pod()).getArgs();
    assertThat(args).containsSequence("--class", "com.example.MyJob", "local:///opt/jobs/my.jar");
    assertThat(String.join(" ", args)).contains("--dedup-keys url");
  }

  private static Container driver(Pod pod) {
    return pod.getSpec().getContainers().get(0);
  }

  private static String env(Container c, String name) {
    return c.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .orElseThrow()
        .getValue();
  }

  @Test
  void aBatchNamedWithTheLongestValidNameGetsValidNamesLabelsAndAnExecutorPrefixSparkAccepts()
      throws Exception {
    String name = io.scrapebatch.operator.policy.NameRules.LONGEST;
    var r =
        builder.build(
            new LaunchRequest(
                "scrapes", name, UID, spec(Map.of()), 3, sizing(10L << 30), Optional.empty()));

    assertThat(r.inCreationOrder())
        .allSatisfy(
            o -> {
              assertThat(o.getMetadata().getName())
                  .hasSizeLessThanOrEqualTo(63)
                  .matches(io.scrapebatch.operator.policy.NameRules.DNS_1123_LABEL);
              assertThat(o.getMetadata().getLabels())
                  .allSatisfy(
                      (k, v) ->
                          assertThat(v)
                              .hasSizeLessThanOrEqualTo(63)
                              .matches(io.scrapebatch.operator.policy.NameRules.LABEL_VALUE))
                  .containsEntry(
                      "scrapebatch.io/batch",
                      io.scrapebatch.operator.policy.ResourceNames.labelValue(name));
              assertThat(o.getMetadata().getOwnerReferences().get(0).getName()).isEqualTo(name);
            });
    var p = sparkProperties(r);
    var conf = new org.apache.spark.SparkConf(false);
    p.stringPropertyNames().forEach(k -> conf.set(k, p.getProperty(k)));
    // Spark's own check of the prefix (it throws past 47 characters or on an invalid label).
    assertThat(
            conf.get(
                    org.apache.spark.deploy.k8s.Config$.MODULE$
                        .KUBERNETES_EXECUTOR_POD_NAME_PREFIX())
                .get())
        .isEqualTo(p.getProperty("spark.kubernetes.executor.podNamePrefix"));
    for (String role : new String[] {"driver", "executor"}) {
      assertThat(p.getProperty("spark.kubernetes." + role + ".label.scrapebatch.io/batch"))
          .isEqualTo(io.scrapebatch.operator.policy.ResourceNames.labelValue(name));
    }
  }
}
