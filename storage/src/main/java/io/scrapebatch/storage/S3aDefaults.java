package io.scrapebatch.storage;

import java.util.List;
import java.util.Map;

/**
 * The Hadoop settings both sides apply to reach object storage the same way: the job as {@code
 * spark.hadoop.*} defaults of its session, the operator in the configuration it measures input
 * with. Endpoint, region and path-style are per store (the batch's {@code spec.storage}); the keys
 * are named here once.
 */
public final class S3aDefaults {
  public static final String ENDPOINT = "fs.s3a.endpoint";
  public static final String REGION = "fs.s3a.endpoint.region";
  public static final String PATH_STYLE = "fs.s3a.path.style.access";
  public static final String ACCESS_KEY = "fs.s3a.access.key";
  public static final String SECRET_KEY = "fs.s3a.secret.key";
  public static final String SESSION_TOKEN = "fs.s3a.session.token";
  public static final String CREDENTIALS_PROVIDER = "fs.s3a.aws.credentials.provider";

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

  /** Hadoop key → value, with why: what both sides set unless told otherwise. */
  public static final Map<String, String> HADOOP =
      Map.of(
          // s3:// URIs (what AWS tools print) are read and written by S3A.
          "fs.s3.impl",
          "org.apache.hadoop.fs.s3a.S3AFileSystem",
          // The same for Hadoop's FileContext API.
          "fs.AbstractFileSystem.s3.impl",
          "org.apache.hadoop.fs.s3a.S3A",
          // S3A's default chain lacks web identity.
          CREDENTIALS_PROVIDER,
          String.join(",", CREDENTIALS_PROVIDERS));

  private S3aDefaults() {}
}
