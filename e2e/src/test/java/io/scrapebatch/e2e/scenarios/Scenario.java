package io.scrapebatch.e2e.scenarios;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scrapebatch.api.v1alpha1.Phase;
import io.scrapebatch.api.v1alpha1.ScrapeBatch;
import io.scrapebatch.etl.ScrapeBatchJob;
import io.scrapebatch.etl.sample.ScrapeDataGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every end-to-end scenario does: generate scrape data, apply a batch, watch it, read the
 * table.
 */
final class Scenario {
  private static final Logger LOG = LoggerFactory.getLogger(Scenario.class);
  private static SparkSession spark;

  private final KubernetesClient client;
  private final String namespace;
  final Path data;

  private Scenario(KubernetesClient client, String namespace, Path data) {
    this.client = client;
    this.namespace = namespace;
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
   * Scrape records whose html bodies are {@code megabytes} each: a page no executor of a few
   * hundred MiB can hold while parsing and deduplicating it.
   */
  void giantPages(String input, int pages, int megabytes) {
    Path file = data.resolve("raw").resolve(input).resolve("giant-pages.jsonl");
    try (var out = Files.newBufferedWriter(file)) {
      String body = "<html>" + "x".repeat(megabytes << 20) + "</html>";
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

  static boolean phaseIs(ScrapeBatch sb, Phase phase) {
    return sb.getStatus() != null && sb.getStatus().phase() == phase;
  }
}
