package io.scrapebatch.etl.storage;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The Spark conf the job sets for object storage unless the user or the operator sets it: each key
 * once, with why. Endpoint, region and path-style are per store and come from the operator ({@code
 * spark.hadoop.fs.s3a.*}); credentials come from the environment ({@code AWS_ACCESS_KEY_ID}, {@code
 * AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN}, which Spark copies into S3A's settings) or
 * from web identity. Region: with {@code fs.s3a.endpoint.region} unset S3A signs for us-east-2 with
 * cross-region access (fine for AWS and for servers that ignore the region); a server that checks
 * the region needs it set. Only SparkConf counts as set: a key given in a core-site.xml instead is
 * overridden, so give it as {@code spark.hadoop.<key>}.
 */
public final class StorageDefaults {
  /** One default: a Spark conf key, its value and the reason the job sets it. */
  public record Default(String key, String value, String why) {}

  /**
   * S3A 3.4.2's own credentials chain with the web identity provider (IRSA and the like) added
   * before the instance profile, where the AWS SDK's default chain has it: static keys from the
   * settings or the environment win, a pod's projected token comes next.
   */
  public static final List<String> CREDENTIALS_PROVIDERS =
      List.of(
          "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider",
          "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
          "software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider",
          "software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider",
          "org.apache.hadoop.fs.s3a.auth.IAMInstanceCredentialsProvider");

  public static final List<Default> ALL =
      List.of(
          new Default(
              "spark.hadoop.fs.s3.impl",
              "org.apache.hadoop.fs.s3a.S3AFileSystem",
              "s3:// URIs (what AWS tools print) are read and written by S3A"),
          new Default(
              "spark.hadoop.fs.AbstractFileSystem.s3.impl",
              "org.apache.hadoop.fs.s3a.S3A",
              "the same for Hadoop's FileContext API"),
          new Default(
              "spark.hadoop.fs.s3a.aws.credentials.provider",
              String.join(",", CREDENTIALS_PROVIDERS),
              "S3A's default chain lacks web identity"),
          new Default(
              "spark.delta.logStore.s3a.impl",
              ConditionalPutLogStore.class.getName(),
              "commits safe with writers in more than one JVM"),
          new Default(
              "spark.delta.logStore.s3.impl",
              ConditionalPutLogStore.class.getName(),
              "the same for s3:// tables"));

  private StorageDefaults() {}

  /** The defaults whose key {@code isSet} does not report as set. */
  public static Map<String, String> missing(Predicate<String> isSet) {
    var missing = new java.util.LinkedHashMap<String, String>();
    for (Default d : ALL) {
      if (!isSet.test(d.key())) {
        missing.put(d.key(), d.value());
      }
    }
    return missing;
  }
}
