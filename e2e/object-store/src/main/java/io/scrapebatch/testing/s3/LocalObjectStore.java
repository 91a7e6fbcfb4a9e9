package io.scrapebatch.testing.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3-compatible server for tests: versitygw ({@code make object-store} builds it) on a free
 * loopback port, storing buckets as folders in its own data folder. {@link #stop()} and {@link
 * #start()} take it down and bring it back on the same port with the same data (for "server down"
 * tests); {@link #close()} stops it and deletes the folder.
 */
public final class LocalObjectStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalObjectStore.class);

  /** Any region works for versitygw; a fixed one keeps the clients' signing explicit. */
  public static final String REGION = "us-east-1";

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

  private final Path binary;
  private final Path folder;
  private final int port;
  // Both random: a test looks for them where they must never appear (logs, ConfigMaps, status).
  private final String accessKey =
      "AK" + UUID.randomUUID().toString().replace("-", "").substring(0, 18).toUpperCase();
  private final String secretKey = UUID.randomUUID().toString();
  private final Thread killOnExit = new Thread(this::kill, "object-store-shutdown");
  private Process process;
  private S3Client client;

  private LocalObjectStore(Path binary, Path folder, int port) {
    this.binary = binary;
    this.folder = folder;
    this.port = port;
  }

  /** Starts a server with its data under {@code target/} of the working directory (the module). */
  public static LocalObjectStore launch() {
    return launch(Path.of("target"));
  }

  /** Starts a server with its data in a new folder under {@code parent} (on a real disk). */
  public static LocalObjectStore launch(Path parent) {
    return launch(defaultBinary(), parent);
  }

  static LocalObjectStore launch(Path binary, Path parent) {
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "the S3 server " + binary + " is missing: run `make object-store`");
    }
    try {
      Files.createDirectories(parent);
      // versitygw's posix backend keeps object metadata in extended attributes.
      String type = Files.getFileStore(parent.toAbsolutePath()).type();
      if ("tmpfs".equals(type)) {
        throw new IllegalStateException(
            parent.toAbsolutePath() + " is on tmpfs: give LocalObjectStore a folder on a disk");
      }
      int port = freePort();
      Path folder =
          Files.createTempDirectory(parent.toAbsolutePath(), "object-store-" + port + "-");
      Files.createDirectories(folder.resolve("data"));
      var store = new LocalObjectStore(binary, folder, port);
      Runtime.getRuntime().addShutdownHook(store.killOnExit);
      store.start();
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where {@code make object-store} puts the binary (e2e/object-store/build.sh). */
  static Path defaultBinary() {
    String dir = System.getenv("SCRAPEBATCH_OBJECT_STORE_DIR");
    if (dir == null || dir.isBlank()) {
      String cache = System.getenv("XDG_CACHE_HOME");
      Path base =
          cache == null || cache.isBlank()
              ? Path.of(System.getProperty("user.home"), ".cache")
              : Path.of(cache);
      dir = base.resolve("scrapebatch/object-store").toString();
    }
    return Path.of(dir, "bin", "versitygw");
  }

  /** (Re)starts the server on its port and folder; the data of an earlier run is kept. */
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    try {
      var builder =
          new ProcessBuilder(
                  binary.toString(),
                  "--port",
                  "127.0.0.1:" + port,
                  "posix",
                  folder.resolve("data").toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
      builder.environment().put("ROOT_ACCESS_KEY", accessKey);
      builder.environment().put("ROOT_SECRET_KEY", secretKey);
      process = builder.start();
      awaitReady();
      LOG.info("S3 server up at {} (pid {}, data {})", endpoint(), process.pid(), folder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the server (SIGTERM to its PID, then SIGKILL); its port and data stay reserved. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("S3 server at {} stopped (pid {})", endpoint(), process.pid());
    process = null;
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public String region() {
    return REGION;
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  /** The folder versitygw stores buckets in: one directory per bucket, one file per object. */
  public Path dataFolder() {
    return folder.resolve("data");
  }

  /** What the operator hands a job as Spark conf: endpoint, region, path-style; no credentials. */
  public Map<String, String> s3aSettings() {
    return Map.of(
        "fs.s3a.endpoint",
        endpoint().toString(),
        "fs.s3a.endpoint.region",
        REGION,
        "fs.s3a.path.style.access",
        "true");
  }

  /** What the operator hands a job's pods as environment (from a Secret): the static keys. */
  public Map<String, String> credentialsEnvironment() {
    return Map.of("AWS_ACCESS_KEY_ID", accessKey, "AWS_SECRET_ACCESS_KEY", secretKey);
  }

  /** An SDK client with the root credentials, path-style, for setting up and checking tests. */
  public synchronized S3Client client() {
    if (client == null) {
      client =
          S3Client.builder()
              .endpointOverride(endpoint())
              .region(Region.of(REGION))
              .forcePathStyle(true)
              .credentialsProvider(
                  StaticCredentialsProvider.create(
                      AwsBasicCredentials.create(accessKey, secretKey)))
              // Named explicitly: S3A brings other HTTP clients onto a test's classpath.
              .httpClient(UrlConnectionHttpClient.create())
              .build();
    }
    return client;
  }

  public void createBucket(String bucket) {
    client().createBucket(b -> b.bucket(bucket));
  }

  public void put(String bucket, String key, byte[] bytes) {
    client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
  }

  public byte[] get(String bucket, String key) {
    return client().getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
  }

  /** Every key under a prefix, in S3's (lexicographic) order. */
  public List<String> keys(String bucket, String prefix) {
    return client().listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
        .map(S3Object::key)
        .toList();
  }

  @Override
  public void close() {
    synchronized (this) {
      if (client != null) {
        client.close();
        client = null;
      }
    }
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down; the hook does the same.
    }
    delete(folder);
  }

  private void kill() {
    Process running = process;
    if (running != null) {
      running.destroyForcibly();
    }
  }

  /** Ready when it accepts connections; fails at once when the process exits instead. */
  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the S3 server exited with " + process.exitValue() + ": " + tail(log()));
      }
      try (var socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return;
      } catch (IOException notYet) {
        sleep(20);
      }
    }
    stop();
    throw new IllegalStateException(
        "the S3 server did not answer on port "
            + port
            + " in "
            + READY_TIMEOUT
            + ": "
            + tail(log()));
  }

  private Path log() {
    return folder.resolve("versitygw.log");
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  private static void delete(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", root, e.toString());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
