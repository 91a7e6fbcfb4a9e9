package io.scrapebatch.api.v1alpha1;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Every Spark property the operator derives from its sizing or sets to wire the job into Kubernetes
 * and object storage (a test in the operator checks this list against what it sets); the API server
 * rejects them in {@code spec.sparkConf} so a retry's adjustment cannot be overridden by a stale
 * user value.
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
          "spark.driver.host",
          "spark.executor.memory",
          "spark.executor.memoryOverhead",
          "spark.executor.cores",
          "spark.executor.instances",
          "spark.sql.shuffle.partitions",
          "spark.kubernetes.namespace",
          "spark.kubernetes.submitInDriver",
          "spark.kubernetes.driver.master",
          "spark.kubernetes.container.image",
          "spark.kubernetes.container.image.pullPolicy",
          "spark.kubernetes.driver.pod.name",
          "spark.kubernetes.driver.pod.excludedFeatureSteps",
          "spark.kubernetes.driver.annotateExitException",
          "spark.kubernetes.authenticate.driver.serviceAccountName",
          "spark.kubernetes.executor.podNamePrefix",
          "spark.kubernetes.executor.podTemplateFile",
          "spark.kubernetes.executor.deleteOnTermination",
          "spark.kubernetes.driver.label.scrapebatch.io/batch",
          "spark.kubernetes.driver.label.scrapebatch.io/attempt",
          "spark.kubernetes.driver.label.app.kubernetes.io/managed-by",
          "spark.kubernetes.executor.label.scrapebatch.io/batch",
          "spark.kubernetes.executor.label.scrapebatch.io/attempt",
          "spark.kubernetes.executor.label.app.kubernetes.io/managed-by",
          "spark.hadoop.fs.s3a.endpoint",
          "spark.hadoop.fs.s3a.endpoint.region",
          "spark.hadoop.fs.s3a.path.style.access",
          "spark.kubernetes.driver.secretKeyRef.AWS_ACCESS_KEY_ID",
          "spark.kubernetes.driver.secretKeyRef.AWS_SECRET_ACCESS_KEY",
          "spark.kubernetes.driver.secretKeyRef.AWS_SESSION_TOKEN",
          "spark.kubernetes.executor.secretKeyRef.AWS_ACCESS_KEY_ID",
          "spark.kubernetes.executor.secretKeyRef.AWS_SECRET_ACCESS_KEY",
          "spark.kubernetes.executor.secretKeyRef.AWS_SESSION_TOKEN");

  /** The list as a CEL literal; kept equal to {@link #KEYS} by a unit test. */
  static final String CEL_LIST =
      "['spark.master', 'spark.submit.deployMode', 'spark.app.name', "
          + "'spark.driver.memory', 'spark.driver.memoryOverhead', "
          + "'spark.driver.cores', 'spark.driver.host', 'spark.executor.memory', "
          + "'spark.executor.memoryOverhead', 'spark.executor.cores', "
          + "'spark.executor.instances', 'spark.sql.shuffle.partitions', "
          + "'spark.kubernetes.namespace', 'spark.kubernetes.submitInDriver', "
          + "'spark.kubernetes.driver.master', 'spark.kubernetes.container.image', "
          + "'spark.kubernetes.container.image.pullPolicy', "
          + "'spark.kubernetes.driver.pod.name', "
          + "'spark.kubernetes.driver.pod.excludedFeatureSteps', "
          + "'spark.kubernetes.driver.annotateExitException', "
          + "'spark.kubernetes.authenticate.driver.serviceAccountName', "
          + "'spark.kubernetes.executor.podNamePrefix', "
          + "'spark.kubernetes.executor.podTemplateFile', "
          + "'spark.kubernetes.executor.deleteOnTermination', "
          + "'spark.kubernetes.driver.label.scrapebatch.io/batch', "
          + "'spark.kubernetes.driver.label.scrapebatch.io/attempt', "
          + "'spark.kubernetes.driver.label.app.kubernetes.io/managed-by', "
          + "'spark.kubernetes.executor.label.scrapebatch.io/batch', "
          + "'spark.kubernetes.executor.label.scrapebatch.io/attempt', "
          + "'spark.kubernetes.executor.label.app.kubernetes.io/managed-by', "
          + "'spark.hadoop.fs.s3a.endpoint', 'spark.hadoop.fs.s3a.endpoint.region', "
          + "'spark.hadoop.fs.s3a.path.style.access', "
          + "'spark.kubernetes.driver.secretKeyRef.AWS_ACCESS_KEY_ID', "
          + "'spark.kubernetes.driver.secretKeyRef.AWS_SECRET_ACCESS_KEY', "
          + "'spark.kubernetes.driver.secretKeyRef.AWS_SESSION_TOKEN', "
          + "'spark.kubernetes.executor.secretKeyRef.AWS_ACCESS_KEY_ID', "
          + "'spark.kubernetes.executor.secretKeyRef.AWS_SECRET_ACCESS_KEY', "
          + "'spark.kubernetes.executor.secretKeyRef.AWS_SESSION_TOKEN']";

  /** The list for humans, in the API server's rejection message. */
  static final String MESSAGE_LIST =
      "spark.master, spark.submit.deployMode, spark.app.name, "
          + "spark.driver.memory, spark.driver.memoryOverhead, spark.driver.cores, "
          + "spark.driver.host, spark.executor.memory, spark.executor.memoryOverhead, "
          + "spark.executor.cores, spark.executor.instances, "
          + "spark.sql.shuffle.partitions, spark.kubernetes.namespace, "
          + "spark.kubernetes.submitInDriver, spark.kubernetes.driver.master, "
          + "spark.kubernetes.container.image, "
          + "spark.kubernetes.container.image.pullPolicy, "
          + "spark.kubernetes.driver.pod.name, "
          + "spark.kubernetes.driver.pod.excludedFeatureSteps, "
          + "spark.kubernetes.driver.annotateExitException, "
          + "spark.kubernetes.authenticate.driver.serviceAccountName, "
          + "spark.kubernetes.executor.podNamePrefix, "
          + "spark.kubernetes.executor.podTemplateFile, "
          + "spark.kubernetes.executor.deleteOnTermination, "
          + "spark.kubernetes.driver.label.scrapebatch.io/batch, "
          + "spark.kubernetes.driver.label.scrapebatch.io/attempt, "
          + "spark.kubernetes.driver.label.app.kubernetes.io/managed-by, "
          + "spark.kubernetes.executor.label.scrapebatch.io/batch, "
          + "spark.kubernetes.executor.label.scrapebatch.io/attempt, "
          + "spark.kubernetes.executor.label.app.kubernetes.io/managed-by, "
          + "spark.hadoop.fs.s3a.endpoint, spark.hadoop.fs.s3a.endpoint.region, "
          + "spark.hadoop.fs.s3a.path.style.access, "
          + "spark.kubernetes.driver.secretKeyRef.AWS_ACCESS_KEY_ID, "
          + "spark.kubernetes.driver.secretKeyRef.AWS_SECRET_ACCESS_KEY, "
          + "spark.kubernetes.driver.secretKeyRef.AWS_SESSION_TOKEN, "
          + "spark.kubernetes.executor.secretKeyRef.AWS_ACCESS_KEY_ID, "
          + "spark.kubernetes.executor.secretKeyRef.AWS_SECRET_ACCESS_KEY, "
          + "spark.kubernetes.executor.secretKeyRef.AWS_SESSION_TOKEN";

  static String celList(List<String> keys) {
    return keys.stream().map(k -> "'" + k + "'").collect(Collectors.joining(", ", "[", "]"));
  }

  private ManagedSparkConf() {}
}
