package io.scrapebatch.e2e;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.scrapebatch.api.v1alpha1.ScrapeBatch;
import io.scrapebatch.api.v1alpha1.ScrapeBatchStatus;
import io.scrapebatch.e2e.cluster.LocalCluster;
import io.scrapebatch.e2e.cluster.LocalControlPlane;
import io.scrapebatch.etl.ScrapeBatchJob;
import io.scrapebatch.etl.sample.ScrapeDataGenerator;
import io.scrapebatch.operator.policy.SizingRules;
import io.scrapebatch.operator.policy.StorageSettings;
import io.scrapebatch.testing.s3.LocalObjectStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code make demo}: the whole mission on this machine. Starts the control plane, the process
 * kubelet, a local S3 server and the operator, generates a day of scrape output into a bucket,
 * applies deploy/samples/products-s3.yaml, follows its status until it finishes and prints what
 * landed in the Delta table. {@code --storage fs} runs products-local.yaml on the filesystem
 * instead.
 */
@Command(name = "demo", mixinStandardHelpOptions = true)
public final class Demo implements Callable<Integer> {
  private static final String NAMESPACE = "scrapes";
  // The buckets and Secret deploy/samples/products-s3.yaml names.
  private static final String RAW_BUCKET = "df-raw";
  private static final String CLEAN_BUCKET = "df-clean";
  private static final String SECRET = "df-s3-credentials";

  @Option(names = "--work", defaultValue = ".data/demo", description = "Working folder (wiped).")
  Path work;

  @Option(
      names = "--image",
      required = true,
      description = "The assembled job image (e2e/spark-image/target/image).")
  Path image;

  @Option(
      names = "--samples",
      required = true,
      description = "deploy/samples: products-s3.yaml or products-local.yaml is applied.")
  Path samples;

  @Option(
      names = "--storage",
      defaultValue = "s3",
      description = "s3 (a local S3 server, the default) or fs (a local folder).")
  String storage;

  @Option(names = "--records", defaultValue = "100000", description = "Scrape records to generate.")
  long records;

  @Override
  public Integer call() throws Exception {
    work = work.toAbsolutePath();
    deleteRecursively(work);
    boolean s3 =
        switch (storage) {
          case "s3" -> true;
          case "fs" -> false;
          default ->
              throw new CommandLine.ParameterException(
                  new CommandLine(this), "--storage is s3 or fs, not " + storage);
        };
    Path raw = work.resolve("data/raw/products/2026-05-19");
    say("generating %,d scrape records in %s", records, raw);
    var generated = ScrapeDataGenerator.of(raw, records, 42).files(4).generate();
    say(
        "  %,d products, %,d duplicates/newer versions, %,d invalid rows",
        generated.newProducts(), generated.duplicates(), generated.invalidTotal());

    say(
        "starting the local cluster (kube-apiserver, etcd, kube-controller-manager, process kubelet)");
    Optional<LocalObjectStore> store = s3 ? Optional.of(objectStore(raw)) : Optional.empty();
    try (var cluster =
        LocalCluster.start(work.resolve("cluster"), image.toAbsolutePath(), Optional.empty())) {
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
      say(
          "  API server %s; kubeconfig %s",
          cluster.controlPlane().masterUrl(), cluster.controlPlane().kubeconfig());
      say(
          "  look inside from another shell: %s --kubeconfig %s -n %s get sb,pods (logs -f <pod>"
              + " works too)",
          LocalControlPlane.binaries().resolve("kubectl"),
          cluster.controlPlane().kubeconfig(),
          NAMESPACE);
      cluster.prepareNamespace(NAMESPACE);
      ScrapeBatch batch;
      if (store.isPresent()) {
        credentialsSecret(cluster, store.get());
        cluster.startOperator(
            Set.of(NAMESPACE),
            SizingRules.defaults(),
            new StorageSettings(
                Optional.of(store.get().endpoint().toString()),
                store.get().region(),
                true,
                Optional.empty()));
        batch = s3Batch(store.get());
      } else {
        cluster.startOperator(Set.of(NAMESPACE), SizingRules.defaults());
        batch = localBatch(raw);
      }
      cluster.client().resource(batch).inNamespace(NAMESPACE).create();
      var done = follow(cluster, batch.getMetadata().getName(), Duration.ofMinutes(20));
      summarize(done, store);
      return done.getStatus().phase() == io.scrapebatch.api.v1alpha1.Phase.Succeeded ? 0 : 1;
    } finally {
      store.ifPresent(LocalObjectStore::close);
    }
  }

  /** A local S3 server with the sample's buckets, the generated files uploaded where it reads. */
  private LocalObjectStore objectStore(Path raw) throws Exception {
    var store = LocalObjectStore.launch(work.resolve("object-store"));
    store.createBucket(RAW_BUCKET);
    store.createBucket(CLEAN_BUCKET);
    try (var files = Files.list(raw)) {
      for (Path file : files.sorted().toList()) {
        store.put(
            RAW_BUCKET, "products/2026-05-19/" + file.getFileName(), Files.readAllBytes(file));
      }
    }
    say(
        "  S3 server %s: generated files uploaded to s3://%s/products/2026-05-19/",
        store.endpoint(), RAW_BUCKET);
    return store;
  }

  /** The Secret the S3 sample names, with the server's keys: how the pods get credentials. */
  private static void credentialsSecret(LocalCluster cluster, LocalObjectStore store) {
    cluster
        .client()
        .secrets()
        .inNamespace(NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(SECRET)
                .endMetadata()
                .withStringData(store.credentialsEnvironment())
                .build())
        .create();
    say(
        "  Secret %s/%s holds the S3 keys; the pods get them as environment variables",
        NAMESPACE, SECRET);
  }

  /**
   * deploy/samples/products-s3.yaml as it is, but for two things one machine needs: the server's
   * signing region, and resources that fit (the sample is sized for a cluster).
   */
  private ScrapeBatch s3Batch(LocalObjectStore store) throws Exception {
    Path sample = samples.resolve("products-s3.yaml");
    say(
        "operator started; applying %s (region %s, resources capped for one machine)",
        sample, store.region());
    var tree = (ObjectNode) new YAMLMapper().readTree(sample.toFile());
    tree.withObjectProperty("metadata").put("namespace", NAMESPACE);
    var spec = tree.withObjectProperty("spec");
    spec.withObjectProperty("storage").put("region", store.region());
    spec.putObject("resources")
        .put("mode", "auto")
        .put("maxExecutors", 2)
        .put("executorCores", 2)
        .put("maxExecutorMemory", "2Gi")
        .put("maxDriverMemory", "1Gi");
    spec.remove("timeouts");
    return new YAMLMapper().treeToValue(tree, ScrapeBatch.class);
  }

  private ScrapeBatch localBatch(Path raw) throws Exception {
    Path sample = samples.resolve("products-local.yaml");
    say("operator started; applying %s", sample);
    var tree = (ObjectNode) new YAMLMapper().readTree(sample.toFile());
    tree.withObjectProperty("metadata").put("namespace", NAMESPACE);
    var spec = tree.withObjectProperty("spec");
    spec.withObjectProperty("source").put("uri", raw.toUri().toString());
    spec.withObjectProperty("target")
        .put("table", work.resolve("data/clean/products").toUri().toString())
        .put("quarantine", work.resolve("data/clean/products_quarantine").toUri().toString());
    return new YAMLMapper().treeToValue(tree, ScrapeBatch.class);
  }

  private static ScrapeBatch follow(LocalCluster cluster, String name, Duration timeout)
      throws InterruptedException {
    var deadline = Instant.now().plus(timeout);
    String last = "";
    while (Instant.now().isBefore(deadline)) {
      var sb =
          cluster.client().resources(ScrapeBatch.class).inNamespace(NAMESPACE).withName(name).get();
      ScrapeBatchStatus s = sb == null ? null : sb.getStatus();
      if (s != null) {
        String line =
            "%-10s attempt %s  %s"
                .formatted(s.phase(), s.attempt(), Objects.toString(s.message(), ""));
        if (!line.equals(last)) {
          say("  %s", line);
          last = line;
        }
        if (s.phase() != null && s.phase().isTerminal()) {
          return sb;
        }
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException(name + " did not finish within " + timeout);
  }

  private void summarize(ScrapeBatch done, Optional<LocalObjectStore> store) {
    var s = done.getStatus();
    say("");
    say("%s: %s", done.getMetadata().getName(), s.phase());
    if (s.result() == null) {
      return;
    }
    var r = s.result();
    say(
        "  read %,d = written %,d + duplicates in batch %,d + already present %,d + quarantined %,d",
        r.recordsRead(),
        r.recordsWritten(),
        r.duplicatesInBatch(),
        r.alreadyPresent(),
        r.recordsQuarantined());
    var spark = ScrapeBatchJob.session(Optional.of("local[1]"));
    spark.sparkContext().setLogLevel("ERROR");
    store.ifPresent(
        server -> {
          var hadoop = spark.sparkContext().hadoopConfiguration();
          server.s3aSettings().forEach(hadoop::set);
          hadoop.set("fs.s3a.access.key", server.accessKey());
          hadoop.set("fs.s3a.secret.key", server.secretKey());
        });
    String table = done.getSpec().target().table();
    say("Delta table %s (version %s):", table, r.deltaVersion());
    spark
        .read()
        .format("delta")
        .load(table)
        .groupBy("dt")
        .count()
        .orderBy("dt")
        .collectAsList()
        .forEach(row -> say("  dt=%s  %,d rows", row.get(0), row.getLong(1)));
    say("quarantine %s, by reason:", done.getSpec().target().quarantine());
    spark
        .read()
        .format("delta")
        .load(done.getSpec().target().quarantine())
        .select(explode(col("reasons")).as("reason"))
        .groupBy("reason")
        .count()
        .orderBy("reason")
        .collectAsList()
        .forEach(row -> say("  %-24s %,d", row.getString(0), row.getLong(1)));
    spark.stop();
  }

  private static void say(String format, Object... args) {
    System.out.println(args.length == 0 ? format : format.formatted(args));
  }

  private static void deleteRecursively(Path dir) throws Exception {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Demo()).execute(args));
  }
}
