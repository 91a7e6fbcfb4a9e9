package io.scrapebatch.e2e.kubelet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The job image (Apache Spark + Delta + our job) as the process kubelet runs it: the directory
 * {@code e2e/spark-image} assembles from Maven Central, mounted read-only at {@code /opt/spark}
 * with its entrypoint at {@code /opt/entrypoint.sh}, as in the real image. Only the JVM is the
 * host's.
 */
public final class SparkImage implements ImageRuntime {
  private final Path root;
  private final Predicate<String> images;

  /**
   * @param root the assembled image filesystem (contains {@code opt/spark} and {@code
   *     opt/entrypoint.sh})
   * @param images which image names this stands in for
   */
  public SparkImage(Path root, Predicate<String> images) {
    if (!Files.isDirectory(root.resolve("opt/spark/jars"))) {
      throw new IllegalStateException(
          root + " holds no Spark image: build it with `mvn -pl e2e/spark-image -am package`");
    }
    this.root = root;
    this.images = images;
  }

  @Override
  public ImageConfig resolve(String image) {
    if (!images.test(image)) {
      return null;
    }
    return new ImageConfig(
        List.of("/opt/entrypoint.sh"),
        List.of(),
        Map.of(
            "SPARK_HOME", "/opt/spark",
            "SPARK_SCALA_VERSION", "2.13",
            "JAVA_HOME", System.getProperty("java.home"),
            "SPARK_USER", "spark"),
        List.of(
            new Mount(root.resolve("opt/spark"), "/opt/spark", true),
            new Mount(root.resolve("opt/entrypoint.sh"), "/opt/entrypoint.sh", true)),
        List.of("/opt/spark/work-dir"),
        "/opt/spark/work-dir");
  }
}
