package io.scrapebatch.e2e.scenarios;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.scrapebatch.e2e.cluster.LocalCluster;
import io.scrapebatch.operator.policy.SizingRules;
import io.scrapebatch.operator.policy.StorageSettings;
import io.scrapebatch.testing.s3.LocalObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The cluster the scenarios run on. By default a {@link LocalCluster} on this machine (one for the
 * whole test run, its operator watching all namespaces). With {@code E2E_CLUSTER=kubeconfig} the
 * cluster from KUBECONFIG, with the operator already deployed (`make e2e-kind`), and batch data in
 * {@code E2E_DATA_DIR}, a folder the cluster's pods see at the same path.
 */
interface TestCluster {
  KubernetesClient client();

  /** Where scenarios write input and where the tables land (shared with the pods). */
  Path dataDir();

  /** The namespace a scenario runs in, prepared for drivers. */
  String namespaceFor(String scenario);

  /** Spark properties every batch needs here (e.g. mounting the shared data volume). */
  java.util.Map<String, String> sparkConf();

  void stopOperator();

  void startOperator();

  /**
   * The operator runs in this JVM, so the tests can stop and start it (else it is a Deployment).
   */
  boolean local();

  /**
   * The S3 server the pods and the operator reach, with the buckets {@link #RAW} and {@link
   * #CLEAN}; the operator's storage settings point at it. Empty where none is set up.
   */
  Optional<LocalObjectStore> objectStore();

  String RAW = "raw";
  String CLEAN = "clean";

  static TestCluster get() {
    return Holder.INSTANCE;
  }

  final class Holder {
    static final TestCluster INSTANCE =
        "kubeconfig".equals(System.getenv("E2E_CLUSTER")) ? new Kubeconfig() : new Local();

    private Holder() {}
  }

  /** The control plane, process kubelet and operator of this machine. */
  final class Local implements TestCluster {
    private final LocalCluster cluster;
    private final Path data;
    private final LocalObjectStore store;

    Local() {
      try {
        Path work = Files.createTempDirectory("e2e-cluster");
        cluster = LocalCluster.start(work, Scenario.imageDir(), Optional.empty());
        data = Files.createDirectories(work.resolve("data"));
        store = LocalObjectStore.launch(Path.of("target"));
        store.createBucket(RAW);
        store.createBucket(CLEAN);
        startOperator();
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
        Runtime.getRuntime().addShutdownHook(new Thread(store::close));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public KubernetesClient client() {
      return cluster.client();
    }

    @Override
    public Path dataDir() {
      return data;
    }

    @Override
    public String namespaceFor(String scenario) {
      cluster.prepareNamespace(scenario);
      return scenario;
    }

    @Override
    public java.util.Map<String, String> sparkConf() {
      return java.util.Map.of();
    }

    @Override
    public void stopOperator() {
      cluster.stopOperator();
    }

    @Override
    public void startOperator() {
      cluster.startOperator(
          Set.of(),
          SizingRules.defaults(),
          new StorageSettings(
              Optional.of(store.endpoint().toString()), store.region(), true, Optional.empty()));
    }

    @Override
    public boolean local() {
      return true;
    }

    @Override
    public Optional<LocalObjectStore> objectStore() {
      return Optional.of(store);
    }
  }

  /** An existing cluster (kind) with the operator deployed by its manifests. */
  final class Kubeconfig implements TestCluster {
    private final KubernetesClient client = new KubernetesClientBuilder().build();
    private final Path data =
        Path.of(Optional.ofNullable(System.getenv("E2E_DATA_DIR")).orElse("/tmp/scrapebatch-e2e"));
    private final String operatorNamespace =
        Optional.ofNullable(System.getenv("E2E_OPERATOR_NAMESPACE")).orElse("scrapebatch-system");

    @Override
    public KubernetesClient client() {
      return client;
    }

    @Override
    public Path dataDir() {
      return data;
    }

    private final String namespace =
        Optional.ofNullable(System.getenv("E2E_NAMESPACE")).orElse("scrapebatch-e2e");
    private int replicas = 1;

    /** One namespace, prepared by the cluster's manifests (driver RBAC, the data claim). */
    @Override
    public String namespaceFor(String scenario) {
      return namespace;
    }

    @Override
    public java.util.Map<String, String> sparkConf() {
      var conf = new java.util.TreeMap<String, String>();
      Optional.ofNullable(System.getenv("E2E_DATA_CLAIM"))
          .ifPresent(
              claim -> {
                for (String role : new String[] {"driver", "executor"}) {
                  String prefix =
                      "spark.kubernetes." + role + ".volumes.persistentVolumeClaim.data.";
                  conf.put(prefix + "options.claimName", claim);
                  conf.put(prefix + "mount.path", data.toString());
                }
              });
      return conf;
    }

    @Override
    public void stopOperator() {
      client
          .apps()
          .deployments()
          .inNamespace(operatorNamespace)
          .withName("scrapebatch-operator")
          .scale(0);
    }

    @Override
    public void startOperator() {
      client
          .apps()
          .deployments()
          .inNamespace(operatorNamespace)
          .withName("scrapebatch-operator")
          .scale(1);
      client
          .apps()
          .deployments()
          .inNamespace(operatorNamespace)
          .withName("scrapebatch-operator")
          .waitUntilReady(2, java.util.concurrent.TimeUnit.MINUTES);
    }

    @Override
    public boolean local() {
      return false;
    }

    /** Not yet on kind: the S3 scenarios say so and skip. */
    @Override
    public Optional<LocalObjectStore> objectStore() {
      return Optional.empty();
    }
  }
}
