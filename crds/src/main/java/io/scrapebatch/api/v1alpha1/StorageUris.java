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

  /*
   * CEL comparing locations: each as a folder prefix, so that "inside" is a startsWith. s3a: reads
   * as s3: (one store, two names), file: is dropped (file:///d and /d are one folder), a '/' is
   * appended and doubled ones collapsed (so /d and /d/ are equal, but /d is no prefix of /d2), and
   * the source is cut at a glob's first wildcard (a glob can match anything under that prefix).
   * Written out per location: CEL has no let, and a list of the normalised pair defeats the API
   * server's cost estimate. A unit test keeps each equal to celFolder(location, glob).
   */
  private static final String COLLAPSE_SLASHES = ".replace('//', '/').replace('//', '/')";
  private static final String CUT_AT_WILDCARD =
      ".split('*')[0].split('?')[0].split('[')[0].split('{')[0]";

  private static final String SOURCE = "self.source.uri";
  static final String CEL_SOURCE_FOLDER =
      "(("
          + SOURCE
          + ".startsWith('s3a:') ? 's3:' + "
          + SOURCE
          + ".substring(4) : "
          + SOURCE
          + ".startsWith('file:') ? "
          + SOURCE
          + ".substring(5) : "
          + SOURCE
          + ") + '/')"
          + COLLAPSE_SLASHES
          + CUT_AT_WILDCARD;

  private static final String TABLE = "self.target.table";
  static final String CEL_TABLE_FOLDER =
      "(("
          + TABLE
          + ".startsWith('s3a:') ? 's3:' + "
          + TABLE
          + ".substring(4) : "
          + TABLE
          + ".startsWith('file:') ? "
          + TABLE
          + ".substring(5) : "
          + TABLE
          + ") + '/')"
          + COLLAPSE_SLASHES;

  private static final String QUARANTINE = "self.target.quarantine";
  static final String CEL_QUARANTINE_FOLDER =
      "(("
          + QUARANTINE
          + ".startsWith('s3a:') ? 's3:' + "
          + QUARANTINE
          + ".substring(4) : "
          + QUARANTINE
          + ".startsWith('file:') ? "
          + QUARANTINE
          + ".substring(5) : "
          + QUARANTINE
          + ") + '/')"
          + COLLAPSE_SLASHES;

  /** The shape every {@code CEL_*_FOLDER} has, for {@code location} (a CEL expression). */
  static String celFolder(String location, boolean glob) {
    String shape =
        "((%1$s.startsWith('s3a:') ? 's3:' + %1$s.substring(4) : %1$s.startsWith('file:') ?"
            + " %1$s.substring(5) : %1$s) + '/')";
    String folder = shape.formatted(location) + COLLAPSE_SLASHES;
    return glob ? folder + CUT_AT_WILDCARD : folder;
  }

  /** Whether {@code uri} is in an object store (and so needs {@code spec.storage} settings). */
  public static boolean inObjectStore(String uri) {
    int colon = uri.indexOf("://");
    return colon > 0 && OBJECT_STORE_SCHEMES.contains(uri.substring(0, colon).toLowerCase());
  }

  private StorageUris() {}
}
