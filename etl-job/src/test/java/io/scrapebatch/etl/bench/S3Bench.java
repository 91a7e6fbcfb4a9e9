package io.scrapebatch.etl.bench;

import io.scrapebatch.etl.storage.S3Conf;
import io.scrapebatch.testing.s3.LocalObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * The benchmark's object-storage side: the local S3 server (versitygw, data on disk under the
 * benchmark folder) with the generated input uploaded to one bucket; tables go to another.
 */
final class S3Bench implements AutoCloseable {
  private static final String RAW = "bench-raw";
  private static final String LAKE = "bench-lake";

  private final LocalObjectStore store;

  private S3Bench(LocalObjectStore store) {
    this.store = store;
  }

  static S3Bench start(Path dir, SparkSession spark) throws IOException {
    var store = LocalObjectStore.launch(Files.createDirectories(dir.toAbsolutePath()));
    store.createBucket(RAW);
    store.createBucket(LAKE);
    S3Conf.bind(spark.sparkContext().hadoopConfiguration(), store, RAW);
    S3Conf.bind(spark.sparkContext().hadoopConfiguration(), store, LAKE);
    return new S3Bench(store);
  }

  /** Uploads a folder of generated files under its own name; returns the s3a prefix. */
  String upload(Path folder) throws IOException {
    String prefix = folder.getFileName() + "/";
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        store.put(RAW, prefix + file.getFileName(), Files.readAllBytes(file));
      }
    }
    return "s3a://" + RAW + "/" + prefix;
  }

  String table(String name) {
    return "s3a://" + LAKE + "/" + name;
  }

  /** Parquet and Delta log JSON objects under a table, as the local rows count files. */
  long files(String table) {
    String prefix = table.substring(("s3a://" + LAKE + "/").length()) + "/";
    List<String> keys = store.keys(LAKE, prefix);
    return keys.stream().filter(k -> k.endsWith(".parquet") || k.endsWith(".json")).count();
  }

  @Override
  public void close() {
    store.close();
  }
}
