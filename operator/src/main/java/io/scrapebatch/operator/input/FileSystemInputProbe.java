package io.scrapebatch.operator.input;

import io.scrapebatch.api.v1alpha1.Storage;
import io.scrapebatch.api.v1alpha1.StorageUris;
import io.scrapebatch.operator.k8s.CredentialsSecrets;
import io.scrapebatch.operator.policy.InputLocation;
import io.scrapebatch.operator.policy.InputProbe;
import io.scrapebatch.operator.policy.InputSize;
import io.scrapebatch.operator.policy.ProbeResult;
import io.scrapebatch.storage.InputFiles;
import io.scrapebatch.storage.S3aDefaults;
import io.scrapebatch.storage.StorageFailure;
import java.io.IOException;
import java.security.PrivilegedExceptionAction;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * Measures a batch's input with the job's own listing ({@link InputFiles}) through Hadoop's file
 * systems, so the operator sizes the job from exactly the files the job will read: {@code file:}
 * paths the operator sees where the pods do, and {@code s3:}/{@code s3a:} objects through S3A with
 * the batch's storage settings and the credentials Secret it names (else the default AWS chain,
 * IRSA included). Each measurement opens its own file system and closes it: no credentials are
 * cached between batches.
 */
public final class FileSystemInputProbe implements InputProbe {
  /**
   * S3A retries for minutes by default; a reconciliation must not. A store that does not answer is
   * reported as such, and the lifecycle tries again with the batch's backoff.
   */
  static final Map<String, String> FAIL_FAST =
      Map.of(
          "fs.s3a.attempts.maximum", "1",
          "fs.s3a.retry.limit", "1",
          "fs.s3a.retry.interval", "200ms",
          "fs.s3a.connection.establish.timeout", "15s", // S3A's floor: it raises anything lower
          "fs.s3a.connection.timeout", "30s");

  /**
   * Hadoop asks the OS who runs it unless told, and a container user with no passwd entry (the
   * Deployment's 65532, OpenShift's random UIDs) has no name: every file system then fails with
   * "Invalid UID". The operator reads as itself, whoever the OS says it is.
   */
  static final String HADOOP_USER = "scrapebatch-operator";

  private final CredentialsSecrets secrets;

  /** Hadoop's defaults and ours, parsed once: each measurement copies it rather than re-reading. */
  private final Configuration defaults = new Configuration();

  public FileSystemInputProbe(CredentialsSecrets secrets) {
    this.secrets = secrets;
    S3aDefaults.HADOOP.forEach(defaults::set);
  }

  @Override
  public ProbeResult measure(InputLocation location) {
    try {
      InputFiles files = list(location);
      if (files.isEmpty()) {
        return new ProbeResult.Unavailable(
            "no input files match it"
                + (files.ignored().isEmpty()
                    ? ""
                    : " (%d other file(s) left out: hidden, or not .json/.jsonl/.ndjson[.gz])"
                        .formatted(files.ignored().size())));
      }
      boolean gzip = files.files().stream().anyMatch(f -> f.endsWith(".gz"));
      return new ProbeResult.Measured(new InputSize(files.bytes(), files.files().size(), gzip));
    } catch (StorageFailure e) {
      return e.reason().isTransient()
          ? new ProbeResult.Unreachable(e.getMessage())
          : new ProbeResult.Unavailable(e.getMessage());
    }
  }

  /** The files the job would read at {@code location}. */
  InputFiles list(InputLocation location) {
    Configuration conf = configuration(location);
    var uri = new Path(location.uri()).toUri();
    PrivilegedExceptionAction<InputFiles> listing =
        () -> {
          try (FileSystem fs = FileSystem.newInstance(uri, conf)) {
            return InputFiles.resolve(location.uri(), fs);
          }
        };
    try {
      return UserGroupInformation.createRemoteUser(HADOOP_USER).doAs(listing);
    } catch (IOException e) {
      throw StorageFailure.of("cannot open the storage of " + location.uri(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageFailure(
          StorageFailure.Reason.UNREACHABLE, "interrupted while listing " + location.uri(), e);
    }
  }

  private Configuration configuration(InputLocation location) {
    var conf = new Configuration(defaults);
    if (!StorageUris.inObjectStore(location.uri())) {
      return conf;
    }
    FAIL_FAST.forEach(conf::set);
    var storage = location.storage();
    storage.endpoint().ifPresent(e -> conf.set(S3aDefaults.ENDPOINT, e));
    conf.set(S3aDefaults.REGION, storage.region());
    conf.setBoolean(S3aDefaults.PATH_STYLE, storage.pathStyleAccess());
    if (storage.credentialsSecret().isPresent()) {
      String name = storage.credentialsSecret().get();
      var credentials =
          secrets
              .read(location.namespace(), name)
              .orElseThrow(
                  () ->
                      new StorageFailure(
                          StorageFailure.Reason.DENIED,
                          "the credentials Secret %s/%s does not exist"
                              .formatted(location.namespace(), name),
                          null));
      if (!credentials.complete()) {
        throw new StorageFailure(
            StorageFailure.Reason.DENIED,
            "the credentials Secret %s/%s lacks %s or %s"
                .formatted(
                    location.namespace(), name, Storage.ACCESS_KEY_ID, Storage.SECRET_ACCESS_KEY),
            null);
      }
      conf.set(S3aDefaults.ACCESS_KEY, credentials.accessKeyId().get());
      conf.set(S3aDefaults.SECRET_KEY, credentials.secretAccessKey().get());
      credentials.sessionToken().ifPresent(t -> conf.set(S3aDefaults.SESSION_TOKEN, t));
    }
    return conf;
  }
}
