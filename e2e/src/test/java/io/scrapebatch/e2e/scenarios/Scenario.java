package io.scrapebatch.e2e.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.scrapebatch.api.v1alpha1.BatchResult;
import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.api.v1alpha1.ScrapeBatch;
import io.scrapebatch.etl.ScrapeBatchJob;
import io.scrapebatch.etl.sample.ScrapeDataGenerator;
import io.scrapebatch.testing.s3.LocalObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every end-to-end scenario does: generate scrape data, apply a batch, watch it, read the
 * table.
 */
final class Scenario {
  /** The html body of each of {@link #giantPages}: more than a 512 Mi executor can parse. */
  static final int GIANT_PAGE_MEGABYTES = 20;

  private static final Logger LOG = LoggerFactory.getLogger(Scenario.class);
  private static SparkSession spark;

  /** The credentials Secret deploy/samples/products-s3.yaml names. */
  static final String S3_SECRET = "df-s3-credentials";

  private final KubernetesClient client;
  private final String namespace;
  private final String name;
  final Path data;

  private Scenario(KubernetesClient client, String namespace, String name, Path data) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
    this.data = data;
  }

  /** A scenario in its namespace (prepared for drivers) with its own data folder. */
  static Scenario in(String scenario) {
    var cluster = TestCluster.get();
    String namespace = cluster.namespaceFor(scenario);
    try {
      return new Scenario(
          cluster.client(),
          namespace,
          scenario,
          Files.createDirectories(cluster.dataDir().resolve(scenario)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  KubernetesClient client() {
    return client;
  }

  String namespace() {
    return namespace;
  }

  static Path imageDir() {
    return Path.of(System.getProperty("spark.image.dir", "spark-image/target/image"))
        .toAbsolutePath();
  }

  /** Scrape JSONL.gz like the generator's defaults, in {@code data/raw/<name>}. */
  ScrapeDataGenerator.Summary generate(
      String name, long records, long seed, Consumer<ScrapeDataGenerator> tune) {
    try {
      var generator =
          ScrapeDataGenerator.of(data.resolve("raw").resolve(name), records, seed).files(2);
      tune.accept(generator);
      return generator.generate();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Scrape records whose html bodies are {@link #GIANT_PAGE_MEGABYTES} MiB each: a page no executor
   * of a few hundred MiB can hold while parsing and deduplicating it.
   */
  void giantPages(String input, int pages) {
    Path file = data.resolve("raw").resolve(input).resolve("giant-pages.jsonl");
    try (var out = Files.newBufferedWriter(file)) {
      String body = "<html>" + "x".repeat(GIANT_PAGE_MEGABYTES << 20) + "</html>";
      for (int i = 0; i < pages; i++) {
        out.write(
            "{\"url\":\"https://shop.example/giant/"
                + i
                + "\",\"scraped_at\":\"2026-05-19T10:00:00Z\","
                + "\"title\":\"giant page\",\"price\":10.0,\"currency\":\"USD\",\"stock\":1,"
                + "\"category\":\"books\",\"html\":\""
                + body
                + "\"}\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code versions} scrapes of one product, an hour apart, each with an html body of {@code
   * megabytes}.
   */
  void hotKeyVersions(String input, String url, int versions, int megabytes) {
    Path file = data.resolve("raw").resolve(input).resolve("hot-key.jsonl");
    try (var out = Files.newBufferedWriter(file)) {
      String body = "<html>" + "y".repeat(megabytes << 20) + "</html>";
      for (int i = 0; i < versions; i++) {
        out.write(
            "{\"url\":\""
                + url
                + "\",\"scraped_at\":\"2026-05-19T"
                + String.format("%02d", 10 + i)
                + ":00:00Z\",\"title\":\"bestseller\",\"price\":"
                + (20 + i)
                + ".0,\"currency\":\"USD\","
                + "\"stock\":"
                + i
                + ",\"category\":\"books\",\"html\":\""
                + body
                + "\"}\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * deploy/samples/products-local.yaml pointed at this scenario's data, changed by {@code edit}.
   */
  ScrapeBatch batch(String name, String input, Consumer<ObjectNode> edit) {
    try {
      Path sample =
          Path.of(System.getProperty("samples.dir", "../deploy/samples"), "products-local.yaml");
      var tree = (ObjectNode) new YAMLMapper().readTree(sample.toFile());
      tree.withObjectProperty("metadata").put("name", name).put("namespace", namespace);
      var spec = tree.withObjectProperty("spec");
      spec.withObjectProperty("source")
          .put("uri", data.resolve("raw").resolve(input).toUri().toString());
      spec.withObjectProperty("target")
          .put("table", table(name).toUri().toString())
          .put("quarantine", quarantine(name).toUri().toString());
      spec.withObjectProperty("retry").put("backoff", "1s").put("maxBackoff", "5s");
      spec.remove("ttlSecondsAfterFinished");
      TestCluster.get()
          .sparkConf()
          .forEach((k, v) -> spec.withObjectProperty("sparkConf").put(k, v));
      edit.accept(spec);
      return new YAMLMapper().treeToValue(tree, ScrapeBatch.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // --- object storage

  /** The cluster's S3 server; the scenario is skipped, saying why, where there is none. */
  LocalObjectStore s3() {
    var store = TestCluster.get().objectStore();
    Assumptions.assumeTrue(
        store.isPresent(),
        "this cluster has no S3 server its pods reach (set up on kind: not yet)");
    return store.get();
  }

  /** Where {@code input} is uploaded: {@code s3a://raw/<scenario>/<input>/}. */
  String rawUri(String input) {
    return "s3a://" + TestCluster.RAW + "/" + name + "/" + input + "/";
  }

  /** A table of this scenario: {@code s3a://clean/<scenario>/<table>}. */
  String cleanUri(String table) {
    return "s3a://" + TestCluster.CLEAN + "/" + name + "/" + table;
  }

  /** Generates scrape data as {@link #generate} does and uploads it under {@link #rawUri}. */
  ScrapeDataGenerator.Summary uploadScrapeData(
      String input, long records, long seed, Consumer<ScrapeDataGenerator> tune) {
    var summary = generate(input, records, seed, tune);
    upload(input);
    return summary;
  }

  /** Uploads the local folder {@code data/raw/<input>} under {@link #rawUri}. */
  void upload(String input) {
    Path dir = data.resolve("raw").resolve(input);
    String prefix = name + "/" + input + "/";
    try (var files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        s3().put(TestCluster.RAW, prefix + dir.relativize(file), Files.readAllBytes(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Secret the S3 sample names, holding the server's keys, in this scenario's namespace. */
  void credentialsSecret() {
    var store = s3();
    var secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(S3_SECRET)
            .withNamespace(namespace)
            .endMetadata()
            .withStringData(store.credentialsEnvironment())
            .build();
    client.secrets().inNamespace(namespace).resource(secret).createOr(NonDeletingOperation::update);
  }

  /**
   * deploy/samples/products-s3.yaml pointed at this scenario's buckets and sized for one machine
   * (its cluster-sized resources would not fit): input {@code rawUri(input)*.jsonl.gz}, tables
   * {@code cleanUri(name)} and {@code cleanUri(name_quarantine)}, the sample's Secret and the
   * operator's endpoint, region and path-style.
   */
  ScrapeBatch s3Batch(String batch, String input, Consumer<ObjectNode> edit) {
    try {
      Path sample =
          Path.of(System.getProperty("samples.dir", "../deploy/samples"), "products-s3.yaml");
      var tree = (ObjectNode) new YAMLMapper().readTree(sample.toFile());
      tree.withObjectProperty("metadata").put("name", batch).put("namespace", namespace);
      var spec = tree.withObjectProperty("spec");
      spec.withObjectProperty("source").put("uri", rawUri(input) + "*.jsonl.gz");
      spec.withObjectProperty("target")
          .put("table", cleanUri(batch))
          .put("quarantine", cleanUri(batch + "_quarantine"));
      // The sample's region is AWS's; this server signs for the operator's default.
      spec.withObjectProperty("storage").remove("region");
      spec.putObject("resources")
          .put("mode", "auto")
          .put("maxExecutors", 2)
          .put("executorCores", 1)
          .put("maxExecutorMemory", "2Gi")
          .put("maxDriverMemory", "1Gi");
      spec.withObjectProperty("retry").put("backoff", "1s").put("maxBackoff", "5s");
      spec.remove("timeouts");
      spec.remove("ttlSecondsAfterFinished");
      edit.accept(spec);
      return new YAMLMapper().treeToValue(tree, ScrapeBatch.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Delta table in the S3 server, read as the scenario's reader sees it. */
  Dataset<Row> readS3(String uri) {
    var store = s3();
    var hadoop = spark().sparkContext().hadoopConfiguration();
    for (String bucket : List.of(TestCluster.RAW, TestCluster.CLEAN)) {
      String p = "fs.s3a.bucket." + bucket + ".";
      store.s3aSettings().forEach((k, v) -> hadoop.set(p + k.substring("fs.s3a.".length()), v));
      hadoop.set(p + "access.key", store.accessKey());
      hadoop.set(p + "secret.key", store.secretKey());
    }
    return spark().read().format("delta").load(uri);
  }

  ScrapeBatch apply(ScrapeBatch batch) {
    return client.resource(batch).inNamespace(namespace).create();
  }

  ScrapeBatch get(String name) {
    return client.resources(ScrapeBatch.class).inNamespace(namespace).withName(name).get();
  }

  /** Waits for a final phase, logging every status change the way `kubectl get sb -w` shows it. */
  ScrapeBatch awaitFinished(String name, Duration timeout) {
    String[] last = {""};
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              var sb = get(name);
              var s = sb == null ? null : sb.getStatus();
              if (s == null) {
                return false;
              }
              String line = s.phase() + " attempt " + s.attempt() + ": " + s.message();
              if (!line.equals(last[0])) {
                LOG.info("{}: {}", name, line);
                last[0] = line;
              }
              return s.phase() != null && s.phase().isTerminal();
            });
    var done = get(name);
    // The evidence of every failed attempt, for whoever reads a failed CI log.
    for (var attempt : done.getStatus().attempts()) {
      if (attempt.failure() != null) {
        LOG.info(
            "{}: attempt {} {}: {} {}",
            name,
            attempt.number(),
            attempt.failure().type(),
            attempt.failure().message(),
            attempt.failure().evidence());
      }
    }
    return done;
  }

  Path table(String name) {
    return data.resolve("clean").resolve(name);
  }

  Path quarantine(String name) {
    return data.resolve("clean").resolve(name + "_quarantine");
  }

  static synchronized SparkSession spark() {
    if (spark == null) {
      spark = ScrapeBatchJob.session(Optional.of("local[1]"));
      spark.conf().set("spark.sql.shuffle.partitions", "2");
      spark.sparkContext().setLogLevel("WARN");
    }
    return spark;
  }

  Dataset<Row> read(Path table) {
    return spark().read().format("delta").load(table.toString());
  }

  /** Live progress of a running batch, as the operator copied it from the driver's annotation. */
  java.util.Optional<io.scrapebatch.api.v1alpha1.Progress> progress(String name) {
    var sb = get(name);
    return java.util.Optional.ofNullable(
        sb == null || sb.getStatus() == null ? null : sb.getStatus().progress());
  }

  /** Waits until the batch is in {@code phase} (or fails the test after {@code timeout}). */
  ScrapeBatch awaitPhase(String name, Phase phase, Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> phaseIs(get(name), phase));
    return get(name);
  }

  java.util.List<io.fabric8.kubernetes.api.model.Pod> pods(String batch, String role) {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabel("scrapebatch.io/batch", batch)
        .withLabel("spark-role", role)
        .list()
        .getItems();
  }

  /**
   * One single-core executor of 512 Mi, which {@link #giantPages} run out of memory, and room to
   * recover: three attempts, memory × 4 per retry up to 4 Gi, two task tries per attempt.
   */
  static void oneExecutorTooSmallForGiantPages(ObjectNode spec) {
    acceptLinesOf(spec, GIANT_PAGE_MEGABYTES);
    spec.withObjectProperty("resources")
        .put("mode", "cluster")
        .put("minExecutors", 1)
        .put("maxExecutors", 1)
        .put("executorCores", 1)
        .put("executorMemory", "512Mi")
        .put("maxExecutorMemory", "4Gi");
    spec.withObjectProperty("retry").put("maxAttempts", 3).put("memoryGrowthFactor", 4);
    spec.withObjectProperty("sparkConf").put("spark.task.maxFailures", "2");
  }

  /**
   * A contract that parses lines of {@code megabytes}: by default a line above 1 MiB is quarantined
   * as line_too_long without being parsed, and could not run anything out of memory.
   */
  static void acceptLinesOf(ObjectNode spec, int megabytes) {
    spec.withObjectProperty("contract").put("maxLineBytes", (megabytes + 1) << 20);
  }

  /** read = written + duplicates + already present + quarantined: no row lost or counted twice. */
  static void assertConserved(BatchResult r) {
    assertThat(r.recordsRead())
        .as("read = written + duplicates in batch + already present + quarantined")
        .isEqualTo(
            r.recordsWritten()
                + r.duplicatesInBatch()
                + r.alreadyPresent()
                + r.recordsQuarantined());
  }

  static boolean phaseIs(ScrapeBatch sb, Phase phase) {
    return sb.getStatus() != null && sb.getStatus().phase() == phase;
  }
}
