package io.scrapebatch.e2e;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.scrapebatch.api.v1alpha1.ScrapeBatch;
import io.scrapebatch.api.v1alpha1.ScrapeBatchStatus;
import io.scrapebatch.e2e.cluster.LocalCluster;
import io.scrapebatch.e2e.cluster.LocalControlPlane;
import io.scrapebatch.etl.ScrapeBatchJob;
import io.scrapebatch.etl.sample.ScrapeDataGenerator;
import io.scrapebatch.operator.policy.SizingRules;
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
 * kubelet and the operator, generates a day of scrape output, applies the sample ScrapeBatch,
 * follows its status until it finishes and prints what landed in the Delta table.
 */
@Command(name = "demo", mixinStandardHelpOptions = true)
public final class Demo implements Callable<Integer> {
  private static final String NAMESPACE = "scrapes";

  @Option(names = "--work", defaultValue = ".data/demo", description = "Working folder (wiped).")
  Path work;

  @Option(
      names = "--image",
      required = true,
      description = "The assembled job image (e2e/spark-image/target/image).")
  Path image;

  @Option(names = "--sample", required = true, description = "The ScrapeBatch to apply.")
  Path sample;

  @Option(names = "--records", defaultValue = "100000", description = "Scrape records to generate.")
  long records;

  @Override
  public Integer call() throws Exception {
    work = work.toAbsolutePath();
    deleteRecursively(work);
    Path raw = work.resolve("data/raw/products/2026-05-19");
    say("generating %,d scrape records in %s", records, raw);
    var generated = ScrapeDataGenerator.of(raw, records, 42).files(4).generate();
    say(
        "  %,d products, %,d duplicates/newer versions, %,d invalid rows",
        generated.newProducts(), generated.duplicates(), generated.invalidTotal());

    say(
        "starting the local cluster (kube-apiserver, etcd, kube-controller-manager, process kubelet)");
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
      cluster.startOperator(Set.of(NAMESPACE), SizingRules.defaults());
      say("operator started; applying %s", sample);

      var batch = batch(raw);
      cluster.client().resource(batch).inNamespace(NAMESPACE).create();
      var done = follow(cluster, batch.getMetadata().getName(), Duration.ofMinutes(20));
      summarize(done);
      return done.getStatus().phase() == io.scrapebatch.api.v1alpha1.Phase.Succeeded ? 0 : 1;
    }
  }

  private ScrapeBatch batch(Path raw) throws Exception {
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

  private void summarize(ScrapeBatch done) {
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
