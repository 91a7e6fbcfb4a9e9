package io.scrapebatch.etl;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import scala.jdk.javaapi.OptionConverters;

/**
 * Session settings for one step, restored when it ends: the job may share its session (tests, the
 * benchmark, an embedding application), so what one step needs must not leak into the next query.
 */
final class ScopedConf implements AutoCloseable {
  private final SparkSession spark;
  private final Map<String, Optional<String>> previous = new LinkedHashMap<>();

  private ScopedConf(SparkSession spark) {
    this.spark = spark;
  }

  static ScopedConf set(SparkSession spark, Map<String, String> values) {
    var scope = new ScopedConf(spark);
    values.forEach(
        (key, value) -> {
          // Only an explicit setting is restored; a default stays a default (unset).
          scope.previous.put(
              key,
              spark.conf().contains(key)
                  ? OptionConverters.toJava(spark.conf().getOption(key))
                  : Optional.empty());
          spark.conf().set(key, value);
        });
    return scope;
  }

  /** Sets the values the session does not set itself: Spark conf given by the user wins. */
  static ScopedConf defaults(SparkSession spark, Map<String, String> values) {
    var missing = new LinkedHashMap<String, String>();
    values.forEach(
        (key, value) -> {
          if (!spark.conf().contains(key)) {
            missing.put(key, value);
          }
        });
    return set(spark, missing);
  }

  @Override
  public void close() {
    previous.forEach(
        (key, value) -> {
          if (value.isPresent()) {
            spark.conf().set(key, value.get());
          } else {
            spark.conf().unset(key);
          }
        });
  }
}
