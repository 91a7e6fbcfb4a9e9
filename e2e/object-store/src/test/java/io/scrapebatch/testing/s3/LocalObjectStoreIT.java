package io.scrapebatch.testing.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

class LocalObjectStoreIT {

  @Test
  void storesObjectsAsFilesAndListsThemByPrefix() {
    try (var store = LocalObjectStore.launch()) {
      store.createBucket("raw");
      store.put("raw", "2026-05-19/a.jsonl", "{\"a\":1}\n".getBytes(UTF_8));
      store.put("raw", "2026-05-19/b.jsonl", "{\"b\":2}\n".getBytes(UTF_8));
      store.put("raw", "2026-05-20/c.jsonl", "{\"c\":3}\n".getBytes(UTF_8));

      assertThat(store.keys("raw", "2026-05-19/"))
          .containsExactly("2026-05-19/a.jsonl", "2026-05-19/b.jsonl");
      assertThat(new String(store.get("raw", "2026-05-20/c.jsonl"), UTF_8))
          .isEqualTo("{\"c\":3}\n");
      assertThat(store.dataFolder().resolve("raw/2026-05-19/a.jsonl")).isRegularFile();
      assertThat(store.endpoint().getHost()).isEqualTo("127.0.0.1");
    }
  }

  @Test
  void stopTakesItDownAndStartBringsItBackOnTheSamePortWithTheData() {
    try (var store = LocalObjectStore.launch()) {
      store.createBucket("kept");
      store.put("kept", "k", "v1".getBytes(UTF_8));
      var endpoint = store.endpoint();

      store.stop();
      assertThat(store.isRunning()).isFalse();
      assertThatThrownBy(() -> store.get("kept", "k")).isInstanceOf(SdkClientException.class);

      store.start();
      assertThat(store.endpoint()).isEqualTo(endpoint);
      assertThat(new String(store.get("kept", "k"), UTF_8)).isEqualTo("v1");
    }
  }

  @Test
  void closeStopsTheServerAndDeletesItsFolder() {
    var store = LocalObjectStore.launch();
    store.createBucket("gone");
    Path data = store.dataFolder();
    assertThat(data.resolve("gone")).isDirectory();

    store.close();

    assertThat(store.isRunning()).isFalse();
    assertThat(data.getParent()).doesNotExist();
  }

  @Test
  void enforcesIfNoneMatchSoOnlyTheFirstConditionalPutWins() {
    try (var store = LocalObjectStore.launch()) {
      store.createBucket("log");
      store
          .client()
          .putObject(
              b -> b.bucket("log").key("00.json").ifNoneMatch("*"),
              RequestBody.fromString("first"));

      assertThatThrownBy(
              () ->
                  store
                      .client()
                      .putObject(
                          b -> b.bucket("log").key("00.json").ifNoneMatch("*"),
                          RequestBody.fromString("second")))
          .isInstanceOfSatisfying(
              S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
      assertThat(new String(store.get("log", "00.json"), UTF_8)).isEqualTo("first");
    }
  }

  @Test
  void rejectsAWrongSecret() {
    try (var store = LocalObjectStore.launch();
        var wrong =
            S3Client.builder()
                .endpointOverride(store.endpoint())
                .region(Region.of(store.region()))
                .forcePathStyle(true)
                .credentialsProvider(
                    StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(store.accessKey(), "not-the-secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
      store.createBucket("private");

      assertThatThrownBy(() -> wrong.listObjectsV2(b -> b.bucket("private")))
          .isInstanceOfSatisfying(
              S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
    }
  }

  @Test
  void aMissingBinaryFailsWithTheCommandThatBuildsIt(@TempDir Path dir) {
    assertThatThrownBy(() -> LocalObjectStore.launch(dir.resolve("versitygw"), dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("run `make object-store`");
    assertThat(Files.exists(dir.resolve("versitygw"))).isFalse();
  }
}
