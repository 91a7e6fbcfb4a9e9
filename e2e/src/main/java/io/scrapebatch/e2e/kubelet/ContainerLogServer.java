package io.scrapebatch.e2e.kubelet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's log endpoint, so {@code kubectl logs [-f] [--tail] [--limit-bytes]} works: the API
 * server proxies to {@code https://<node InternalIP>:<kubeletEndpoint port>/containerLogs/...}.
 */
final class ContainerLogServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ContainerLogServer.class);
  private static final Duration FOLLOW_POLL = Duration.ofMillis(200);

  /** A container whose log this node can serve. */
  interface ContainerLog {
    String containerName();

    Path logFile();

    boolean containerRunning();
  }

  /** Finds the container log of a pod on this node. */
  @FunctionalInterface
  interface Pods {
    Optional<? extends ContainerLog> find(String namespace, String pod);
  }

  private final HttpsServer server;
  private final ExecutorService requests;
  private final Pods pods;

  private ContainerLogServer(HttpsServer server, ExecutorService requests, Pods pods) {
    this.server = server;
    this.requests = requests;
    this.pods = pods;
  }

  static ContainerLogServer start(Path tlsDir, Pods pods) {
    try {
      var server =
          HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(SelfSignedTls.forLoopback(tlsDir)));
      ExecutorService requests =
          Executors.newCachedThreadPool(new DaemonThreads("process-kubelet-logs"));
      server.setExecutor(requests);
      var logs = new ContainerLogServer(server, requests, pods);
      server.createContext(ContainerLogQuery.PATH_PREFIX, logs::handle);
      server.start();
      return logs;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot serve container logs", e);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        reply(exchange, 405, "only GET");
        return;
      }
      ContainerLogQuery query;
      try {
        query = ContainerLogQuery.parse(exchange.getRequestURI());
      } catch (ContainerLogQuery.BadRequest e) {
        reply(exchange, 400, e.getMessage());
        return;
      }
      Optional<? extends ContainerLog> found = pods.find(query.namespace(), query.pod());
      if (found.isEmpty()) {
        reply(exchange, 404, "pod \"" + query.pod() + "\" is not on this node");
        return;
      }
      ContainerLog log = found.get();
      if (!log.containerName().equals(query.container())) {
        reply(
            exchange,
            400,
            "container \"" + query.container() + "\" is not valid for pod \"" + query.pod() + "\"");
        return;
      }
      try {
        stream(exchange, query, log);
      } catch (NoSuchFileException e) {
        reply(
            exchange,
            400,
            "container \""
                + query.container()
                + "\" in pod \""
                + query.pod()
                + "\" is waiting to start: ContainerCreating");
      }
    } catch (IOException e) {
      // The API server (or kubectl behind it) hung up, as it does when `logs -f` is interrupted.
      LOG.debug("log request ended: {}", e.getMessage());
    }
  }

  private static void stream(HttpExchange exchange, ContainerLogQuery query, ContainerLog log)
      throws IOException {
    byte[] written = Files.readAllBytes(log.logFile());
    exchange.getResponseHeaders().set("Content-Type", "text/plain");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    long budget = query.limitBytes().orElse(Long.MAX_VALUE);
    int from = query.startOf(written);
    budget -= send(out, ByteBuffer.wrap(written, from, written.length - from), budget);
    if (!query.follow()) {
      return;
    }
    long position = written.length;
    try (FileChannel channel = FileChannel.open(log.logFile())) {
      while (budget > 0) {
        // Read after checking: bytes written before the exit are still sent.
        boolean exited = !log.containerRunning();
        long size = channel.size();
        if (size > position) {
          ByteBuffer fresh = ByteBuffer.allocate((int) Math.min(size - position, 1 << 20));
          position += channel.read(fresh, position);
          budget -= send(out, fresh.flip(), budget);
        } else if (exited) {
          return;
        } else {
          sleep();
        }
      }
    }
  }

  /** Writes at most {@code budget} bytes and flushes; returns how many it wrote. */
  private static long send(OutputStream out, ByteBuffer bytes, long budget) throws IOException {
    int length = (int) Math.min(bytes.remaining(), budget);
    out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), length);
    out.flush();
    return length;
  }

  private static void reply(HttpExchange exchange, int status, String message) throws IOException {
    byte[] body = message.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  private static void sleep() throws IOException {
    try {
      Thread.sleep(FOLLOW_POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while following a log", e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    requests.shutdownNow();
  }
}
