package io.scrapebatch.etl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.scrapebatch.api.job.ExitCode;
import io.scrapebatch.etl.storage.S3Conf;
import io.scrapebatch.storage.InputFiles;
import io.scrapebatch.storage.StorageFailure;
import io.scrapebatch.testing.s3.LocalObjectStore;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job's input listing on s3a, against the real S3 server: the same rules as on a filesystem (a
 * file as named, a folder recursively with hidden and non-JSON names left out, a glob), with S3's
 * own shapes — prefixes instead of folders, zero-byte {@code key/} directory markers.
 */
class InputFilesS3IT {
  private static final String BUCKET = "listing";
  private static final String ROOT = "s3a://" + BUCKET + "/";
  private static final Map<String, String> OBJECTS = new TreeMap<>();

  static {
    OBJECTS.put("day/2026-05-19/a.jsonl", "{\"n\":1}\n");
    OBJECTS.put("day/2026-05-19/b.jsonl.gz", "not really gzip");
    OBJECTS.put("day/2026-05-19/nested/c.ndjson", "{\"n\":3}\n");
    OBJECTS.put("day/2026-05-19/nested/deeper/d.json", "{\"n\":4}\n");
    OBJECTS.put("day/2026-05-19/_SUCCESS", "");
    OBJECTS.put("day/2026-05-19/.part-0.jsonl.crc", "crc");
    OBJECTS.put("day/2026-05-19/_temporary/0/e.jsonl", "{\"n\":5}\n");
    OBJECTS.put("day/2026-05-19/README.txt", "scraped by spider-1\n");
    OBJECTS.put("day/2026-05-19/empty/", "");
    OBJECTS.put("day/2026-05-19/nested/", "");
    OBJECTS.put("day/2026-05-20/f.jsonl", "{\"n\":6}\n");
    OBJECTS.put("day/2026-05-20/g.jsonl", "{\"n\":7}\n{\"n\":8}\n");
    OBJECTS.put("single/x.jsonl.gz", "gzip bytes");
  }

  private static LocalObjectStore store;
  private static Configuration conf;

  @BeforeAll
  static void startServerWithObjects() {
    store = LocalObjectStore.launch();
    store.createBucket(BUCKET);
    OBJECTS.forEach((key, body) -> store.put(BUCKET, key, body.getBytes(UTF_8)));
    conf = S3Conf.of(store, BUCKET);
  }

  @AfterAll
  static void stopServer() {
    store.close();
  }

  @Test
  void aSingleObjectIsTakenAsNamed() {
    InputFiles files = InputFiles.resolve(ROOT + "single/x.jsonl.gz", conf);
    assertThat(files.files()).containsExactly(ROOT + "single/x.jsonl.gz");
    assertThat(files.bytes()).isEqualTo("gzip bytes".length());
  }

  @Test
  void aPrefixIsListedRecursivelyWithoutHiddenNonJsonOrMarkerEntries() {
    for (String prefix : List.of("day/2026-05-19", "day/2026-05-19/")) {
      InputFiles files = InputFiles.resolve(ROOT + prefix, conf);

      assertThat(files.files())
          .as(prefix)
          .containsExactly(
              ROOT + "day/2026-05-19/a.jsonl",
              ROOT + "day/2026-05-19/b.jsonl.gz",
              ROOT + "day/2026-05-19/nested/c.ndjson",
              ROOT + "day/2026-05-19/nested/deeper/d.json");
      assertThat(files.ignored())
          .as(prefix)
          .containsExactlyInAnyOrder(
              ROOT + "day/2026-05-19/_SUCCESS",
              ROOT + "day/2026-05-19/.part-0.jsonl.crc",
              ROOT + "day/2026-05-19/_temporary/0/e.jsonl",
              ROOT + "day/2026-05-19/README.txt");
      assertThat(files.bytes()).isEqualTo(bytes(files.files()));
    }
  }

  @Test
  void aNestedPrefixListsOnlyWhatIsUnderIt() {
    InputFiles files = InputFiles.resolve(ROOT + "day/2026-05-19/nested", conf);
    assertThat(files.files())
        .containsExactly(
            ROOT + "day/2026-05-19/nested/c.ndjson", ROOT + "day/2026-05-19/nested/deeper/d.json");
  }

  @Test
  void aGlobTakesTheObjectsItMatchesAndListsThePrefixesItMatches() {
    assertThat(InputFiles.resolve(ROOT + "day/*/*.jsonl", conf).files())
        .containsExactly(
            ROOT + "day/2026-05-19/a.jsonl",
            ROOT + "day/2026-05-20/f.jsonl",
            ROOT + "day/2026-05-20/g.jsonl");
    assertThat(InputFiles.resolve(ROOT + "day/2026-05-2*", conf).files())
        .containsExactly(ROOT + "day/2026-05-20/f.jsonl", ROOT + "day/2026-05-20/g.jsonl");
    assertThat(InputFiles.resolve(ROOT + "day/2026-06-*", conf).files()).isEmpty();
  }

  @Test
  void aPrefixHoldingOnlyADirectoryMarkerIsEmpty() {
    InputFiles files = InputFiles.resolve(ROOT + "day/2026-05-19/empty", conf);
    assertThat(files.files()).isEmpty();
    assertThat(files.ignored()).isEmpty();
  }

  @Test
  void aMissingPrefixOrBucketIsNotFoundAndEndsTheJobAsABadConfiguration() {
    assertThatThrownBy(() -> InputFiles.resolve(ROOT + "day/2026-01-01", conf))
        .isInstanceOfSatisfying(
            StorageFailure.class,
            e -> assertThat(e.reason()).isEqualTo(StorageFailure.Reason.NOT_FOUND))
        .hasMessageContaining("does not exist");

    var other = new Configuration(conf);
    S3Conf.bind(other, store, "no-such-bucket");
    var missingBucket =
        catchThrowableOfType(
            StorageFailure.class, () -> InputFiles.resolve("s3a://no-such-bucket/day", other));
    assertThat(missingBucket.reason()).isEqualTo(StorageFailure.Reason.NOT_FOUND);
    assertThat(missingBucket).hasMessageContaining("no-such-bucket");
    assertThat(FailureClassifier.classify(missingBucket).exitCode())
        .isEqualTo(ExitCode.BAD_CONFIGURATION);
  }

  /**
   * Why the job refuses an endpoint without a region (StorageDefaults.requireRegion): S3A signs for
   * us-east-2 then, and a server that checks the region answers the first HEAD with a bare 400.
   */
  @Test
  void withoutARegionS3aFailsWithABareBadRequest() {
    var usEast2 = new Configuration(conf);
    S3Conf.bind(usEast2, store, "signing-test");
    usEast2.unset("fs.s3a.bucket.signing-test.endpoint.region");
    store.createBucket("signing-test");

    assertThatThrownBy(() -> InputFiles.resolve("s3a://signing-test/day", usEast2))
        .isInstanceOf(StorageFailure.class)
        .hasMessageContaining("Bad Request")
        .hasMessageNotContaining("region");
  }

  private static long bytes(List<String> uris) {
    return uris.stream()
        .map(u -> u.substring(ROOT.length()))
        .mapToLong(k -> OBJECTS.get(k).getBytes(UTF_8).length)
        .sum();
  }
}
