package io.scrapebatch.operator.resources;

import io.scrapebatch.api.v1alpha1.Storage;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Spark properties that take an attempt to object storage: S3A's endpoint, region and
 * addressing, and the credentials Secret's keys as environment variables of the driver and the
 * executors ({@code spark.kubernetes.*.secretKeyRef.*}, which Spark 4.1 maps into S3A). The values
 * themselves never enter the Spark conf, so never the spark.properties ConfigMap either.
 */
final class StorageConf {
  static final String ENDPOINT = "spark.hadoop.fs.s3a.endpoint";
  static final String REGION = "spark.hadoop.fs.s3a.endpoint.region";
  static final String PATH_STYLE = "spark.hadoop.fs.s3a.path.style.access";

  static Map<String, String> properties(ObjectStoreAccess access) {
    var settings = access.settings();
    Map<String, String> p = new TreeMap<>();
    settings.endpoint().ifPresent(e -> p.put(ENDPOINT, e));
    p.put(REGION, settings.region());
    p.put(PATH_STYLE, String.valueOf(settings.pathStyleAccess()));
    settings
        .credentialsSecret()
        .ifPresent(
            secret -> {
              var keys =
                  new java.util.ArrayList<>(
                      List.of(Storage.ACCESS_KEY_ID, Storage.SECRET_ACCESS_KEY));
              if (access.sessionToken()) {
                keys.add(Storage.SESSION_TOKEN);
              }
              for (String role : List.of("driver", "executor")) {
                for (String key : keys) {
                  p.put("spark.kubernetes." + role + ".secretKeyRef." + key, secret + ":" + key);
                }
              }
            });
    return p;
  }

  private StorageConf() {}
}
