package io.scrapebatch.etl.storage;

import io.scrapebatch.testing.s3.LocalObjectStore;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;

/**
 * S3A settings for tests, per bucket ({@code fs.s3a.bucket.<name>.*}): tests in one JVM share one
 * Hadoop configuration and S3A's FileSystem cache (keyed by bucket), so each test class binds its
 * own buckets to its own server.
 */
public final class S3Conf {
  private S3Conf() {}

  /** Points {@code bucket} at {@code store} with its root keys, path-style, short retries. */
  public static void bind(Configuration conf, LocalObjectStore store, String bucket) {
    bind(conf, store, store.endpoint(), bucket);
  }

  /** The same, reaching the server at {@code endpoint} (a proxy in front of it). */
  public static void bind(Configuration conf, LocalObjectStore store, URI endpoint, String bucket) {
    String p = "fs.s3a.bucket." + bucket + ".";
    conf.set(p + "endpoint", endpoint.toString());
    conf.set(p + "endpoint.region", store.region());
    conf.set(p + "path.style.access", "true");
    conf.set(p + "access.key", store.accessKey());
    conf.set(p + "secret.key", store.secretKey());
    // S3A retries for minutes by default; a test wants the failure.
    conf.set(p + "retry.limit", "2");
    conf.set(p + "retry.interval", "100ms");
  }

  /** A fresh configuration with {@code buckets} bound to {@code store}. */
  public static Configuration of(LocalObjectStore store, String... buckets) {
    var conf = new Configuration();
    for (String bucket : buckets) {
      bind(conf, store, bucket);
    }
    return conf;
  }
}
