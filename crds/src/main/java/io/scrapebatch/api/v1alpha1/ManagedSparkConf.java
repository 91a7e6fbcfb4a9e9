package io.scrapebatch.api.v1alpha1;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Spark properties the operator derives from its sizing or sets to wire the job into Kubernetes;
 * the API server rejects them in {@code spec.sparkConf} so a retry's adjustment cannot be
 * overridden by a stale user value.
 */
public final class ManagedSparkConf {
  public static final List<String> KEYS =
      List.of(
          "spark.master",
          "spark.submit.deployMode",
          "spark.app.name",
          "spark.driver.memory",
          "spark.driver.memoryOverhead",
          "spark.driver.cores",
          "spark.executor.memory",
          "spark.executor.memoryOverhead",
          "spark.executor.cores",
          "spark.executor.instances",
          "spark.sql.shuffle.partitions",
          "spark.kubernetes.namespace",
          "spark.kubernetes.driver.master",
          "spark.kubernetes.container.image",
          "spark.kubernetes.driver.pod.name",
          "spark.kubernetes.authenticate.driver.serviceAccountName");

  /** The list as a CEL literal; kept in sync with {@link #KEYS} by a unit test. */
  static final String CEL_LIST =
      "['spark.master', 'spark.submit.deployMode', 'spark.app.name', 'spark.driver.memory',"
          + " 'spark.driver.memoryOverhead', 'spark.driver.cores', 'spark.executor.memory',"
          + " 'spark.executor.memoryOverhead', 'spark.executor.cores', 'spark.executor.instances',"
          + " 'spark.sql.shuffle.partitions', 'spark.kubernetes.namespace',"
          + " 'spark.kubernetes.driver.master', 'spark.kubernetes.container.image', 'spark.kubernetes.driver.pod.name',"
          + " 'spark.kubernetes.authenticate.driver.serviceAccountName']";

  /** The list for humans, in the API server's rejection message. */
  static final String MESSAGE_LIST =
      "spark.master, spark.submit.deployMode, spark.app.name, spark.driver.memory,"
          + " spark.driver.memoryOverhead, spark.driver.cores, spark.executor.memory,"
          + " spark.executor.memoryOverhead, spark.executor.cores, spark.executor.instances,"
          + " spark.sql.shuffle.partitions, spark.kubernetes.namespace,"
          + " spark.kubernetes.driver.master, spark.kubernetes.container.image, spark.kubernetes.driver.pod.name,"
          + " spark.kubernetes.authenticate.driver.serviceAccountName";

  static String celList(List<String> keys) {
    return keys.stream().map(k -> "'" + k + "'").collect(Collectors.joining(", ", "[", "]"));
  }

  private ManagedSparkConf() {}
}
