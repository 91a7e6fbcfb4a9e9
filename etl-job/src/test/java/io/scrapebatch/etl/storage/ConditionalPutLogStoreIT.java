package io.scrapebatch.etl.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.storage.CloseableIterator;
import io.scrapebatch.testing.s3.LocalObjectStore;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathIOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The commit protocol itself, on the real S3 server: who wins a version, and what others see. */
class ConditionalPutLogStoreIT {
  private static final String BUCKET = "logstore";
  private static LocalObjectStore store;
  private static Configuration conf;
  private static ConditionalPutLogStore logStore;

  @BeforeAll
  static void startServer() {
    store = LocalObjectStore.launch();
    store.createBucket(BUCKET);
    conf = S3Conf.of(store, BUCKET);
    logStore = new ConditionalPutLogStore(conf);
  }

  @AfterAll
  static void stopServer() {
    store.close();
  }

  @Test
  void ofWritersRacingForOneVersionExactlyOneWinsAndTheOthersAreToldItExists() throws Exception {
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      for (int round = 0; round < 10; round++) {
        Path commit = commit("race", round);
        var start = new CyclicBarrier(writers);
        List<Future<String>> outcomes = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
          String action = "{\"writer\":" + w + "}";
          outcomes.add(
              pool.submit(
                  () -> {
                    start.await();
                    try {
                      logStore.write(commit, List.of(action).iterator(), false, conf);
                      return action;
                    } catch (FileAlreadyExistsException e) {
                      return "exists";
                    }
                  }));
        }
        List<String> results = new ArrayList<>();
        for (Future<String> outcome : outcomes) {
          results.add(outcome.get());
        }

        List<String> winners = results.stream().filter(r -> !r.equals("exists")).toList();
        assertThat(winners).as("round %d", round).hasSize(1);
        assertThat(results).filteredOn("exists"::equals).hasSize(writers - 1);
        assertThat(read(commit)).containsExactly(winners.get(0));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void writingTheSameBytesAgainSucceedsAndOtherBytesAreRefused() throws IOException {
    Path commit = commit("again", 0);
    List<String> actions =
        List.of("{\"commitInfo\":{\"txnId\":\"a\"}}", "{\"add\":{\"path\":\"x\"}}");

    logStore.write(commit, actions.iterator(), false, conf);
    logStore.write(commit, actions.iterator(), false, conf);

    assertThatThrownBy(
            () ->
                logStore.write(
                    commit, List.of("{\"commitInfo\":{\"txnId\":\"b\"}}").iterator(), false, conf))
        .isInstanceOf(FileAlreadyExistsException.class)
        .hasMessageContaining(commit.toString());
    assertThat(read(commit)).containsExactlyElementsOf(actions);
  }

  @Test
  void aLostResponseToItsOwnPutCountsAsTheCommitItWas() throws IOException {
    String bucket = "lost";
    store.createBucket(bucket);
    try (var proxy = new LostResponseProxy(store.endpoint())) {
      var viaProxy = new Configuration(conf);
      S3Conf.bind(viaProxy, store, proxy.endpoint(), bucket);
      Path commit = new Path("s3a://" + bucket + "/t/_delta_log/" + "%020d".formatted(7) + ".json");
      proxy.loseResponseTo("PUT /" + bucket + "/t/_delta_log/00000000000000000007.json");

      new ConditionalPutLogStore(viaProxy)
          .write(
              commit, List.of("{\"commitInfo\":{\"txnId\":\"mine\"}}").iterator(), false, viaProxy);

      assertThat(proxy.droppedResponses()).isEqualTo(1);
      assertThat(proxy.lostStatusLine()).startsWith("HTTP/1.1 200");
      assertThat(proxy.matchedRequests()).as("the SDK's retry of the PUT got 412").isEqualTo(2);
      assertThat(new String(store.get(bucket, "t/_delta_log/00000000000000000007.json"), UTF_8))
          .isEqualTo("{\"commitInfo\":{\"txnId\":\"mine\"}}\n");
    }
  }

  @Test
  void overwriteReplacesTheObject() throws IOException {
    Path checkpoint = new Path("s3a://" + BUCKET + "/over/_delta_log/_last_checkpoint");
    logStore.write(checkpoint, List.of("{\"version\":10}").iterator(), true, conf);
    logStore.write(checkpoint, List.of("{\"version\":20}").iterator(), true, conf);
    assertThat(read(checkpoint)).containsExactly("{\"version\":20}");
  }

  @Test
  void listsCommitsFromAVersionInOrder() throws IOException {
    for (int v = 0; v < 4; v++) {
      logStore.write(commit("list", v), List.of("{\"v\":" + v + "}").iterator(), false, conf);
    }
    List<String> names = new ArrayList<>();
    Iterator<FileStatus> it = logStore.listFrom(commit("list", 2), conf);
    it.forEachRemaining(f -> names.add(f.getPath().getName()));
    assertThat(names).containsExactly("00000000000000000002.json", "00000000000000000003.json");
    assertThat(logStore.isPartialWriteVisible(commit("list", 0), conf)).isFalse();
  }

  @Test
  void withoutConditionalWritesACommitFailsInsteadOfRacing() {
    String bucket = "noconditional";
    store.createBucket(bucket);
    var plain = new Configuration(conf);
    S3Conf.bind(plain, store, bucket);
    plain.set("fs.s3a.bucket." + bucket + ".create.conditional.enabled", "false");
    Path commit = new Path("s3a://" + bucket + "/t/_delta_log/00000000000000000000.json");

    assertThatThrownBy(
            () ->
                new ConditionalPutLogStore(plain)
                    .write(commit, List.of("{}").iterator(), false, plain))
        .isInstanceOf(PathIOException.class)
        .hasMessageContaining("Conditional Writes Unavailable");
    assertThat(store.keys(bucket, "")).isEmpty();
  }

  private static Path commit(String table, long version) {
    return new Path("s3a://" + BUCKET + "/" + table + "/_delta_log/%020d.json".formatted(version));
  }

  private static List<String> read(Path path) throws IOException {
    List<String> lines = new ArrayList<>();
    try (CloseableIterator<String> it = logStore.read(path, conf)) {
      it.forEachRemaining(lines::add);
    }
    return lines;
  }
}
