package io.scrapebatch.operator.policy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A Delta table's identity, whatever spelling names it: {@code s3://b/t/}, {@code s3a://b/t} and
 * {@code s3n://b//t} are one table, as are {@code /data/t} and {@code file:///data/t}. Two batches
 * with one table id must never write at the same time.
 *
 * @param location the normalised location
 */
public record TableId(String location) implements Comparable<TableId> {

  public static TableId of(String uri) {
    String u = uri.strip();
    if (u.startsWith("/")) {
      u = "file://" + u;
    }
    URI parsed = URI.create(u.replace(" ", "%20"));
    String scheme =
        parsed.getScheme() == null ? "file" : parsed.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("s3") || scheme.equals("s3n")) {
      scheme = "s3a";
    }
    String authority = parsed.getAuthority() == null ? "" : parsed.getAuthority();
    String path = parsed.getPath() == null ? "" : parsed.getPath().replaceAll("/+", "/");
    path = path.replaceAll("/$", "");
    return new TableId(scheme + "://" + authority + path);
  }

  /** A short stable name for the table's lock: the first 16 hex digits of its SHA-256. */
  public String hash() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(location.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public int compareTo(TableId other) {
    return location.compareTo(other.location);
  }

  @Override
  public String toString() {
    return location;
  }
}
