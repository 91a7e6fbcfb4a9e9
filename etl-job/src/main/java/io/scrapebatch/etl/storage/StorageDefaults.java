package io.scrapebatch.etl.storage;

import io.scrapebatch.storage.S3aDefaults;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The Spark conf the job sets for object storage unless the user or the operator sets it: the
 * Hadoop settings the operator measures input with too ({@link S3aDefaults}, as {@code
 * spark.hadoop.*}), and a Delta commit protocol safe with writers in more than one JVM. Endpoint,
 * region and path-style are per store and come from the operator ({@code spark.hadoop.fs.s3a.*});
 * credentials come from the environment ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY},
 * {@code AWS_SESSION_TOKEN}, which Spark copies into S3A's settings) or from web identity. Only
 * SparkConf counts as set: a key given in a core-site.xml instead is overridden, so give it as
 * {@code spark.hadoop.<key>}.
 */
public final class StorageDefaults {
  /** One default: a Spark conf key and its value. */
  public record Default(String key, String value) {}

  public static final List<Default> ALL =
      Stream.concat(
              S3aDefaults.HADOOP.entrySet().stream()
                  .sorted(Map.Entry.comparingByKey())
                  .map(e -> new Default("spark.hadoop." + e.getKey(), e.getValue())),
              Stream.of(
                  new Default(
                      "spark.delta.logStore.s3a.impl", ConditionalPutLogStore.class.getName()),
                  new Default(
                      "spark.delta.logStore.s3.impl", ConditionalPutLogStore.class.getName())))
          .toList();

  private StorageDefaults() {}

  /** The defaults whose key {@code isSet} does not report as set. */
  public static Map<String, String> missing(Predicate<String> isSet) {
    var missing = new LinkedHashMap<String, String>();
    for (Default d : ALL) {
      if (!isSet.test(d.key())) {
        missing.put(d.key(), d.value());
      }
    }
    return missing;
  }
}
