package io.scrapebatch.operator.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/** {@code /metrics} (Prometheus), {@code /healthz} (liveness) and {@code /readyz} (readiness). */
final class HealthServer implements AutoCloseable {
  private final HttpServer server;

  private HealthServer(HttpServer server) {
    this.server = server;
  }

  static HealthServer start(
      int port, PrometheusMeterRegistry registry, BooleanSupplier live, BooleanSupplier ready) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
      server.createContext(
          "/metrics", ex -> reply(ex, 200, registry.scrape(), "text/plain; version=0.0.4"));
      server.createContext("/healthz", ex -> probe(ex, live));
      server.createContext("/readyz", ex -> probe(ex, ready));
      server.setExecutor(Executors.newSingleThreadExecutor(r -> daemon(r, "health-http")));
      server.start();
      return new HealthServer(server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port, e);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static void probe(HttpExchange ex, BooleanSupplier check) throws IOException {
    boolean ok = check.getAsBoolean();
    reply(ex, ok ? 200 : 503, ok ? "ok\n" : "not ready\n", "text/plain");
  }

  private static void reply(HttpExchange ex, int code, String body, String type)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(code, bytes.length);
    try (var out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
