package io.scrapebatch.etl.storage;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An S3 endpoint other than AWS's needs its region named. Without {@code fs.s3a.endpoint.region}
 * S3A 3.4.2 signs for us-east-2 (AWS's cross-region fallback) and cannot read a region from the
 * host name; a server that checks the region (versitygw and MinIO expect us-east-1 unless told
 * otherwise) then answers S3A's first HEAD with a bare "400 Bad Request". The job refuses such a
 * configuration up front and names the key to set. An explicitly empty region (the AWS SDK's own
 * region chain, e.g. {@code AWS_REGION}) counts as set.
 */
public final class EndpointRegion {
  private static final String S3A = "spark.hadoop.fs.s3a.";
  private static final Pattern BUCKET_ENDPOINT =
      Pattern.compile(Pattern.quote(S3A) + "bucket\\.([^.]+)\\.endpoint");

  private EndpointRegion() {}

  /** What is missing, if an endpoint in the Spark conf or environment lacks its region. */
  public static Optional<String> missing(Map<String, String> sparkConf, Map<String, String> env) {
    boolean globalRegion = sparkConf.containsKey(S3A + "endpoint.region");
    String endpoint = sparkConf.getOrDefault(S3A + "endpoint", env.get("AWS_ENDPOINT_URL"));
    if (needsRegion(endpoint) && !globalRegion) {
      return Optional.of(message("fs.s3a.endpoint", endpoint, S3A + "endpoint.region"));
    }
    for (var entry : sparkConf.entrySet()) {
      Matcher bucket = BUCKET_ENDPOINT.matcher(entry.getKey());
      if (bucket.matches()
          && needsRegion(entry.getValue())
          && !globalRegion
          && !sparkConf.containsKey(entry.getKey() + ".region")) {
        return Optional.of(
            message(
                entry.getKey().substring("spark.hadoop.".length()),
                entry.getValue(),
                entry.getKey() + ".region"));
      }
    }
    return Optional.empty();
  }

  /** A non-empty endpoint whose host is not AWS's (S3A reads AWS regions from the host name). */
  private static boolean needsRegion(String endpoint) {
    if (endpoint == null || endpoint.isBlank()) {
      return false;
    }
    String host = URI.create(endpoint.contains("://") ? endpoint : "https://" + endpoint).getHost();
    return host == null || !(host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn"));
  }

  private static String message(String key, String endpoint, String regionKey) {
    return key
        + " is "
        + endpoint
        + " but no region is set: S3A would sign for us-east-2, which such a server may refuse"
        + " with a bare 400 Bad Request. Set "
        + regionKey
        + " (us-east-1 for most S3-compatible servers)";
  }
}
