package io.scrapebatch.operator.input;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scrapebatch.operator.k8s.CredentialsSecrets;
import io.scrapebatch.operator.policy.InputLocation;
import io.scrapebatch.operator.policy.InputSize;
import io.scrapebatch.operator.policy.ProbeResult;
import io.scrapebatch.operator.policy.StorageSettings;
import io.scrapebatch.testing.s3.LocalObjectStore;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's input measurement on a real S3 server, with its credentials in a real Secret on a
 * real API server: what it measures for each shape of input, and how each failure reads.
 */
@EnableKubeAPIServer
class FileSystemInputProbeIT {
  static final String NS = "probe-it";
  static final String BUCKET = "raw";
  static KubernetesClient client;
  static LocalObjectStore store;
  static FileSystemInputProbe probe;

  @BeforeAll
  static void storeWithObjectsAndKeys() {
    store = LocalObjectStore.launch();
    store.createBucket(BUCKET);
    store.createBucket("empty");
    put("products/2026-05-19/part-0.jsonl", "{\"url\":\"a\"}\n{\"url\":\"b\"}\n");
    put("products/2026-05-19/part-1.jsonl.gz", "0123456789");
    put("products/2026-05-19/nested/part-2.jsonl", "{\"url\":\"c\"}\n");
    put("products/2026-05-19/_SUCCESS", "");
    put("products/2026-05-19/manifest.txt", "three files");
    put("products/2026-05-20/part-0.jsonl", "{\"url\":\"d\"}\n");
    put("products/2026-05-21/", "");
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    secret(
        "s3-keys",
        Map.of("AWS_ACCESS_KEY_ID", store.accessKey(), "AWS_SECRET_ACCESS_KEY", store.secretKey()));
    secret(
        "s3-session",
        Map.of(
            "AWS_ACCESS_KEY_ID", store.accessKey(),
            "AWS_SECRET_ACCESS_KEY", store.secretKey(),
            "AWS_SESSION_TOKEN", "a-session-token"));
    secret(
        "wrong-keys",
        Map.of("AWS_ACCESS_KEY_ID", store.accessKey(), "AWS_SECRET_ACCESS_KEY", "not-it"));
    secret("half-keys", Map.of("AWS_ACCESS_KEY_ID", store.accessKey()));
    probe = new FileSystemInputProbe(new CredentialsSecrets(client));
  }

  @AfterAll
  static void stop() {
    store.close();
  }

  @Test
  void aSingleObjectIsMeasuredAsNamed() {
    assertThat(measure("s3a://raw/products/2026-05-19/part-1.jsonl.gz", "s3-keys"))
        .isEqualTo(measured(10, 1, true));
  }

  @Test
  void aPrefixIsMeasuredRecursivelyWithoutHiddenOrNonJsonObjects() {
    long bytes = "{\"url\":\"a\"}\n{\"url\":\"b\"}\n".length() + 10 + "{\"url\":\"c\"}\n".length();
    assertThat(measure("s3a://raw/products/2026-05-19/", "s3-keys"))
        .isEqualTo(measured(bytes, 3, true));
    assertThat(measure("s3://raw/products/2026-05-19", "s3-keys"))
        .isEqualTo(measured(bytes, 3, true));
  }

  @Test
  void aNestedPrefixIsMeasuredAlone() {
    assertThat(measure("s3a://raw/products/2026-05-19/nested", "s3-keys"))
        .isEqualTo(measured("{\"url\":\"c\"}\n".length(), 1, false));
  }

  @Test
  void aGlobMeasuresWhatItMatches() {
    assertThat(measure("s3a://raw/products/*/part-0.jsonl", "s3-keys"))
        .isEqualTo(
            measured(
                "{\"url\":\"a\"}\n{\"url\":\"b\"}\n".length() + "{\"url\":\"d\"}\n".length(),
                2,
                false));
  }

  /**
   * A session token in the Secret goes with the keys (temporary credentials). This server issues
   * none, so it refuses the unknown token with 400, where the same keys without it succeed: proof
   * that the token is sent.
   */
  @Test
  void aSessionTokenInTheSecretIsSentWithTheKeys() {
    assertThat(measure("s3a://raw/products/2026-05-20/", "s3-keys"))
        .isInstanceOf(ProbeResult.Measured.class);
    assertThat(measure("s3a://raw/products/2026-05-20/", "s3-session"))
        .isInstanceOfSatisfying(
            ProbeResult.Unavailable.class, u -> assertThat(u.why()).contains("Bad Request"));
  }

  @Test
  void anEmptyPrefixOrAMissingOneHasNothingToProcess() {
    assertThat(measure("s3a://raw/products/2026-05-21/", "s3-keys"))
        .isEqualTo(new ProbeResult.Unavailable("no input files match it"));
    assertThat(measure("s3a://raw/products/2026-06-01/", "s3-keys"))
        .isInstanceOfSatisfying(
            ProbeResult.Unavailable.class, u -> assertThat(u.why()).contains("does not exist"));
    assertThat(measure("s3a://empty/", "s3-keys")).isInstanceOf(ProbeResult.Unavailable.class);
  }

  @Test
  void aMissingBucketIsUnavailableAndNamed() {
    assertThat(measure("s3a://no-such-bucket/products/", "s3-keys"))
        .isInstanceOfSatisfying(
            ProbeResult.Unavailable.class, u -> assertThat(u.why()).contains("no-such-bucket"));
  }

  @Test
  void wrongOrIncompleteOrMissingCredentialsAreUnavailableWithTheReason() {
    assertThat(measure("s3a://raw/products/2026-05-19/", "wrong-keys"))
        .isInstanceOf(ProbeResult.Unavailable.class);
    assertThat(measure("s3a://raw/products/2026-05-19/", "half-keys"))
        .isEqualTo(
            new ProbeResult.Unavailable(
                "the credentials Secret probe-it/half-keys lacks AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY"));
    assertThat(measure("s3a://raw/products/2026-05-19/", "no-such-secret"))
        .isEqualTo(
            new ProbeResult.Unavailable(
                "the credentials Secret probe-it/no-such-secret does not exist"));
  }

  @Test
  void aServerThatDoesNotAnswerIsUnreachableSoTheBatchTriesAgain() {
    store.stop();
    try {
      long started = System.nanoTime();
      assertThat(measure("s3a://raw/products/2026-05-19/", "s3-keys"))
          .isInstanceOf(ProbeResult.Unreachable.class);
      assertThat((System.nanoTime() - started) / 1_000_000_000.0)
          .as("seconds a reconciliation waits for a store that is down")
          .isLessThan(20);
    } finally {
      store.start();
    }
    assertThat(measure("s3a://raw/products/2026-05-20/", "s3-keys"))
        .isInstanceOf(ProbeResult.Measured.class);
  }

  @Test
  void theOperatorListsExactlyWhatTheJobReads() {
    var location = location("s3a://raw/products/2026-05-19/", Optional.of("s3-keys"));
    var files = probe.list(location);
    assertThat(files.files())
        .containsExactly(
            "s3a://raw/products/2026-05-19/nested/part-2.jsonl",
            "s3a://raw/products/2026-05-19/part-0.jsonl",
            "s3a://raw/products/2026-05-19/part-1.jsonl.gz");
    assertThat(files.ignored())
        .containsExactlyInAnyOrder(
            "s3a://raw/products/2026-05-19/_SUCCESS", "s3a://raw/products/2026-05-19/manifest.txt");
  }

  private static ProbeResult measure(String uri, String secret) {
    return probe.measure(location(uri, Optional.of(secret)));
  }

  private static InputLocation location(String uri, Optional<String> secret) {
    return new InputLocation(
        NS,
        uri,
        new StorageSettings(
            Optional.of(store.endpoint().toString()), store.region(), true, secret));
  }

  private static ProbeResult measured(long bytes, long files, boolean gzip) {
    return new ProbeResult.Measured(new InputSize(bytes, files, gzip));
  }

  private static void put(String key, String body) {
    store.put(BUCKET, key, body.getBytes(UTF_8));
  }

  private static void secret(String name, Map<String, String> values) {
    client
        .secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withStringData(values)
                .build())
        .create();
  }
}
