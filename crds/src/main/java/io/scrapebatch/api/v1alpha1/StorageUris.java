package io.scrapebatch.api.v1alpha1;

import java.util.List;

/**
 * The locations a batch may name: what the operator can measure and the job can read and write.
 * Other schemes (gs, abfs, wasb, hdfs) are refused at admission rather than failing later.
 */
public final class StorageUris {
  /** Schemes of object stores, reached through Hadoop's S3A connector. */
  public static final List<String> OBJECT_STORE_SCHEMES = List.of("s3", "s3a");

  /** A URI's shape: an absolute path, or a scheme and what follows it. */
  static final String SHAPE = "^(/\\S*|[a-zA-Z][a-zA-Z0-9+.-]*:\\S+)$";

  /** CEL (RE2) for a supported location; kept in step with the scheme list by a unit test. */
  static final String SUPPORTED_CEL = "^(/|file:/|(s3|s3a)://[^/]+)";

  static final String SUPPORTED_MESSAGE =
      "must be an absolute path or a file:, s3: or s3a: URI (s3://bucket/prefix); gs:, abfs:,"
          + " wasb: and hdfs: are not supported";

  /** Whether {@code uri} is in an object store (and so needs {@code spec.storage} settings). */
  public static boolean inObjectStore(String uri) {
    int colon = uri.indexOf("://");
    return colon > 0 && OBJECT_STORE_SCHEMES.contains(uri.substring(0, colon).toLowerCase());
  }

  private StorageUris() {}
}
