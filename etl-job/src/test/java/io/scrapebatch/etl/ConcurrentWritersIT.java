package io.scrapebatch.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.etl.storage.ChildJvm;
import io.scrapebatch.etl.storage.ConcurrentAppender;
import io.scrapebatch.etl.storage.S3Conf;
import io.scrapebatch.testing.s3.LocalObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Writers in separate JVMs appending to one Delta table on the real S3 server, each through the
 * job's session (its default LogStore). Delta's own S3 store only locks inside one JVM, so in-JVM
 * writers would hide the race this guards against: two drivers both committing version N.
 */
class ConcurrentWritersIT {
  private static final String BUCKET = "concurrent";
  private static final int WRITERS = Integer.getInteger("writers", 3);
  private static final int APPENDS = Integer.getInteger("appends", 10);
  private static LocalObjectStore store;

  private static Path dir;

  @BeforeAll
  static void startServer() throws IOException {
    dir = Files.createDirectories(Path.of("target", "concurrent-writers"));
    store = LocalObjectStore.launch();
    store.createBucket(BUCKET);
    S3Conf.bind(SharedSpark.get().sparkContext().hadoopConfiguration(), store, BUCKET);
  }

  @AfterAll
  static void stopServer() {
    store.close();
  }

  @Test
  void everyCommitOfWritersInSeparateJvmsLandsExactlyOnce() throws Exception {
    String table = "s3a://" + BUCKET + "/events";
    SparkSession spark = SharedSpark.get();
    spark.sql("SELECT 'init' AS writer, 0 AS seq").write().format("delta").save(table);
    Files.writeString(
        dir.resolve("log4j2.properties"),
        """
        rootLogger.level = warn
        rootLogger.appenderRef.out.ref = out
        appender.out.type = Console
        appender.out.name = out
        appender.out.layout.type = PatternLayout
        appender.out.layout.pattern = %-5level %c{1}: %msg%n
        logger.store.name = io.scrapebatch.etl.storage
        logger.store.level = info
        logger.block.name = org.apache.hadoop.fs.s3a.S3ABlockOutputStream
        logger.block.level = error
        logger.stats.name = org.apache.hadoop.fs.s3a.S3AInstrumentation
        logger.stats.level = error
        """);
    var env = store.credentialsEnvironment();
    var props = new HashMap<String, String>();
    store.s3aSettings().forEach((k, v) -> props.put("spark.hadoop." + k, v));
    props.put("spark.ui.enabled", "false");
    props.put("spark.sql.shuffle.partitions", "1");
    // One task per log replay, as the job's own writes do (SparkTuning.deltaWrite).
    props.put("spark.databricks.delta.snapshotPartitions", "1");
    props.put("log4j2.configurationFile", dir.resolve("log4j2.properties").toString());

    long started = System.nanoTime();
    List<ChildJvm.Running> writers = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      writers.add(
          new ChildJvm(ConcurrentAppender.class, env, props)
              .start(dir.resolve("writer-" + w + ".log"), table, "w" + w, String.valueOf(APPENDS)));
    }
    int conflicts = 0;
    try {
      for (ChildJvm.Running writer : writers) {
        assertThat(writer.await(Duration.ofMinutes(4))).as(writer.output()).isZero();
        conflicts += count(writer.output(), "was created by another writer");
      }
    } finally {
      writers.forEach(w -> w.process().destroyForcibly());
    }
    System.out.printf(
        "%d writers x %d appends in %d s, %d commits lost a race and retried%n",
        WRITERS, APPENDS, (System.nanoTime() - started) / 1_000_000_000, conflicts);
    assertThat(conflicts)
        .as("writers that overlap for %d commits race for some version", WRITERS * APPENDS)
        .isPositive();

    int rows = 1 + WRITERS * APPENDS;
    List<Row> all = spark.read().format("delta").load(table).collectAsList();
    assertThat(all).hasSize(rows);
    assertThat(all.stream().map(r -> r.getString(0) + "/" + r.getInt(1)).distinct()).hasSize(rows);
    Map<String, List<Integer>> seqs = new HashMap<>();
    all.forEach(r -> seqs.computeIfAbsent(r.getString(0), w -> new ArrayList<>()).add(r.getInt(1)));
    for (int w = 0; w < WRITERS; w++) {
      assertThat(seqs.get("w" + w))
          .containsExactlyInAnyOrderElementsOf(IntStream.range(0, APPENDS).boxed().toList());
    }
    assertThat(
            store.keys(BUCKET, "events/_delta_log/").stream()
                .filter(k -> k.matches(".*/\\d{20}\\.json")))
        .as("one commit file per append, versions 0..%d without a gap", rows - 1)
        .containsExactlyElementsOf(
            LongStream.range(0, rows)
                .mapToObj(v -> "events/_delta_log/%020d.json".formatted(v))
                .toList());
    assertThat(store.keys(BUCKET, "events/_delta_log/"))
        .as("Delta's checkpoints every 10 versions, written in place (no rename on S3)")
        .contains(
            "events/_delta_log/00000000000000000010.checkpoint.parquet",
            "events/_delta_log/_last_checkpoint");
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      n++;
    }
    return n;
  }
}
