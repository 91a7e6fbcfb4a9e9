package io.scrapebatch.etl.storage;

import io.scrapebatch.etl.ScrapeBatchJob;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * One writer of {@link ConcurrentWritersIT}, in its own JVM: {@code count} blind appends of one row
 * ({@code writer}, {@code seq}) each to a Delta table, through the job's session and its storage
 * defaults.
 */
public final class ConcurrentAppender {
  private ConcurrentAppender() {}

  public static void main(String[] args) {
    String table = args[0];
    String writer = args[1];
    int count = Integer.parseInt(args[2]);
    long started = System.nanoTime();
    SparkSession spark = ScrapeBatchJob.session(Optional.of("local[1]"));
    spark.sparkContext().setLogLevel("WARN");
    System.out.printf("session up in %d ms%n", millisSince(started));
    for (int seq = 0; seq < count; seq++) {
      long append = System.nanoTime();
      spark
          .sql("SELECT '" + writer + "' AS writer, " + seq + " AS seq")
          .write()
          .format("delta")
          .mode("append")
          .save(table);
      System.out.printf("appended %s %d in %d ms%n", writer, seq, millisSince(append));
    }
    spark.stop();
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
