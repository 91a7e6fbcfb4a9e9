package io.scrapebatch.etl;

import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/** One local SparkSession for every test class in the JVM: starting Spark costs seconds. */
final class SharedSpark {
  private static SparkSession session;

  private SharedSpark() {}

  static synchronized SparkSession get() {
    if (session == null) {
      System.setProperty("spark.ui.enabled", "false");
      System.setProperty("spark.sql.shuffle.partitions", "2");
      System.setProperty("spark.default.parallelism", "2");
      System.setProperty("spark.sql.sources.parallelPartitionDiscovery.parallelism", "2");
      session = ScrapeBatchJob.session(Optional.of("local[2]"));
      session.sparkContext().setLogLevel("ERROR");
    }
    return session;
  }
}
