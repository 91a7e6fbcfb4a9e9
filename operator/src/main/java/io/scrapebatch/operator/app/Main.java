package io.scrapebatch.operator.app;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.scrapebatch.operator.policy.Memory;
import io.scrapebatch.operator.policy.SizingRules;
import io.scrapebatch.operator.policy.StorageSettings;
import io.scrapebatch.operator.resources.DriverSettings;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Starts the operator. Every option can also come from the environment variable named in its
 * description, which is how the Deployment and the Helm chart set them.
 */
@Command(
    name = "scrapebatch-operator",
    mixinStandardHelpOptions = true,
    description = "Runs ScrapeBatches as right-sized, self-correcting Spark jobs.")
public final class Main implements Callable<Integer> {
  @Option(
      names = "--namespaces",
      defaultValue = "${env:WATCH_NAMESPACES:-}",
      description =
          "Comma-separated namespaces to watch; empty watches all (env WATCH_NAMESPACES).")
  String namespaces;

  @Option(
      names = "--concurrency",
      defaultValue = "${env:RECONCILE_CONCURRENCY:-10}",
      description = "Reconciliations running at once (env RECONCILE_CONCURRENCY).")
  int concurrency;

  @Option(
      names = "--job-image",
      defaultValue = "${env:JOB_IMAGE:-ghcr.io/scrapebatch/scrapebatch-etl-job:0.1.0}",
      description = "Default image of driver and executors (env JOB_IMAGE).")
  String jobImage;

  @Option(
      names = "--image-pull-policy",
      defaultValue = "${env:JOB_IMAGE_PULL_POLICY:-IfNotPresent}",
      description = "Pull policy of job pods (env JOB_IMAGE_PULL_POLICY).")
  String pullPolicy;

  @Option(
      names = "--driver-service-account",
      defaultValue = "${env:DRIVER_SERVICE_ACCOUNT:-scrapebatch-driver}",
      description =
          "Service account of driver pods; needs pods/services/configmaps rights in the"
              + " batch's namespace (env DRIVER_SERVICE_ACCOUNT).")
  String driverServiceAccount;

  @Option(
      names = "--master-url",
      defaultValue = "${env:SPARK_MASTER_URL:-https://kubernetes.default.svc}",
      description = "API server URL drivers create executors through (env SPARK_MASTER_URL).")
  String masterUrl;

  @Option(
      names = "--job-main-class",
      defaultValue = "${env:JOB_MAIN_CLASS:-io.scrapebatch.etl.ScrapeBatchJob}",
      description = "The job's main class (env JOB_MAIN_CLASS).")
  String mainClass;

  @Option(
      names = "--job-jar",
      defaultValue = "${env:JOB_JAR:-}",
      description =
          "The job jar inside the image (local:///...); empty when it is on the image's"
              + " classpath (env JOB_JAR).")
  String jobJar;

  @Option(
      names = "--local-mode-max-input",
      defaultValue = "${env:LOCAL_MODE_MAX_INPUT:-256Mi}",
      description =
          "Largest (decompressed) input run as one local-mode pod in auto mode"
              + " (env LOCAL_MODE_MAX_INPUT).")
  String localModeMaxInput;

  @Option(
      names = "--memory-per-input-byte",
      defaultValue = "${env:MEMORY_PER_INPUT_BYTE:-3.0}",
      description = "Total executor heap per input byte (env MEMORY_PER_INPUT_BYTE).")
  double memoryPerInputByte;

  @Option(
      names = "--gzip-expansion",
      defaultValue = "${env:GZIP_EXPANSION:-6.0}",
      description = "Assumed decompressed/compressed size of .gz input (env GZIP_EXPANSION).")
  double gzipExpansion;

  @Option(
      names = "--partition-size",
      defaultValue = "${env:PARTITION_SIZE:-128Mi}",
      description = "Target shuffle partition size (env PARTITION_SIZE).")
  String partitionSize;

  @Option(
      names = "--preferred-executor-memory",
      defaultValue = "${env:PREFERRED_EXECUTOR_MEMORY:-4Gi}",
      description =
          "Executor heap sizing starts from, before caps (env PREFERRED_EXECUTOR_MEMORY).")
  String preferredExecutorMemory;

  @Option(
      names = "--default-driver-memory",
      defaultValue = "${env:DEFAULT_DRIVER_MEMORY:-1Gi}",
      description =
          "Driver heap in cluster mode unless a batch sets one (env DEFAULT_DRIVER_MEMORY).")
  String defaultDriverMemory;

  @Option(
      names = "--skew-ratio",
      defaultValue = "${env:SKEW_RATIO:-5.0}",
      description = "Slowest/median task time above which a stage is skewed (env SKEW_RATIO).")
  double skewRatio;

  @Option(
      names = "--s3-endpoint",
      defaultValue = "${env:S3_ENDPOINT:-}",
      description =
          "S3 endpoint (http(s)://host[:port]) for batches that set none; empty: AWS's endpoint"
              + " for the region (env S3_ENDPOINT).")
  String s3Endpoint;

  @Option(
      names = "--s3-region",
      defaultValue = "${env:S3_REGION:-us-east-1}",
      description = "S3 signing region for batches that set none (env S3_REGION).")
  String s3Region;

  @Option(
      names = "--s3-path-style",
      defaultValue = "${env:S3_PATH_STYLE:-false}",
      description =
          "Path-style bucket addressing for batches that set none; needed for a server reached"
              + " by a Service name or IP (env S3_PATH_STYLE).")
  boolean s3PathStyle;

  @Option(
      names = "--s3-credentials-secret",
      defaultValue = "${env:S3_CREDENTIALS_SECRET:-}",
      description =
          "Secret (in each batch's namespace) with AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and"
              + " optionally AWS_SESSION_TOKEN, for batches that name none; empty: the default AWS"
              + " credential chain (env S3_CREDENTIALS_SECRET).")
  String s3CredentialsSecret;

  @Option(
      names = "--http-port",
      defaultValue = "${env:HTTP_PORT:-8080}",
      description = "Port of /metrics, /healthz, /readyz (env HTTP_PORT).")
  int httpPort;

  @Option(
      names = "--leader-election",
      defaultValue = "${env:LEADER_ELECTION:-false}",
      description = "Hold a Lease so only one replica reconciles (env LEADER_ELECTION).")
  boolean leaderElection;

  @Option(
      names = "--leader-election-lease",
      defaultValue = "${env:LEADER_ELECTION_LEASE:-scrapebatch-operator}",
      description =
          "The leader-election Lease's name; operators sharded by WATCH_NAMESPACES in one"
              + " namespace each need their own (env LEADER_ELECTION_LEASE).")
  String leaderElectionLease;

  @Option(
      names = "--lease-namespace",
      defaultValue = "${env:POD_NAMESPACE:-default}",
      description =
          "The operator's namespace: its Leases (leader election, one per Delta table being"
              + " written) live there (env POD_NAMESPACE).")
  String leaseNamespace;

  @Option(
      names = "--identity",
      defaultValue = "${env:POD_NAME:-scrapebatch-operator}",
      description = "This replica's name (env POD_NAME).")
  String identity;

  OperatorSettings settings() {
    var defaults = SizingRules.defaults();
    var sizing =
        new SizingRules(
            memoryPerInputByte,
            gzipExpansion,
            Memory.parse(partitionSize),
            Memory.parse(localModeMaxInput),
            Memory.parse(preferredExecutorMemory),
            defaults.minExecutorMemory(),
            Memory.parse(defaultDriverMemory),
            defaults.minLocalMemory(),
            defaults.overheadFactor(),
            defaults.minOverhead(),
            defaults.maxShufflePartitions());
    var driver =
        new DriverSettings(
            jobImage,
            pullPolicy,
            driverServiceAccount,
            masterUrl,
            mainClass,
            Optional.of(jobJar).filter(j -> !j.isBlank()));
    Set<String> watched =
        Arrays.stream(namespaces.split(","))
            .map(String::trim)
            .filter(n -> !n.isEmpty())
            .collect(Collectors.toSet());
    return new OperatorSettings(
        watched,
        concurrency,
        driver,
        sizing,
        skewRatio,
        new StorageSettings(
            Optional.of(s3Endpoint).filter(e -> !e.isBlank()),
            s3Region,
            s3PathStyle,
            Optional.of(s3CredentialsSecret).filter(c -> !c.isBlank())),
        leaseNamespace,
        httpPort,
        leaderElection
            ? Optional.of(
                OperatorSettings.LeaderElection.standard(leaderElectionLease, leaseNamespace))
            : Optional.empty(),
        identity);
  }

  @Override
  public Integer call() throws InterruptedException {
    var client = new KubernetesClientBuilder().build();
    var app = OperatorApp.start(settings(), client, Clock.systemUTC());
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.close();
                  client.close();
                  stopped.countDown();
                }));
    stopped.await();
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
