package io.scrapebatch.etl.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of the S3 server that loses one response: the server executes the
 * request, the client sees its connection close instead of the answer, as after a network fault.
 * Arm it with the request line to hit (e.g. {@code PUT /bucket/key}); it counts the requests it saw
 * with that line. Needs clients that send the body without waiting for {@code 100 Continue}.
 */
final class LostResponseProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int upstreamPort;
  private final AtomicBoolean armed = new AtomicBoolean();
  private volatile String watched;
  private final AtomicInteger matched = new AtomicInteger();
  private final AtomicInteger dropped = new AtomicInteger();
  private volatile String lostStatusLine = "";

  LostResponseProxy(URI upstream) throws IOException {
    this.upstreamPort = upstream.getPort();
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    daemon("proxy-accept", this::accept);
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** The next response to a request whose request line starts with {@code requestLine} is lost. */
  void loseResponseTo(String requestLine) {
    watched = requestLine;
    matched.set(0);
    armed.set(true);
  }

  /** Requests seen with that line since it was armed, the lost one included. */
  int matchedRequests() {
    return matched.get();
  }

  int droppedResponses() {
    return dropped.get();
  }

  /** The status line of the response the client never saw, e.g. {@code HTTP/1.1 200 OK}. */
  String lostStatusLine() {
    return lostStatusLine;
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket();
        upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort));
        var dropNext = new AtomicBoolean();
        daemon("proxy-request", () -> requests(client, upstream, dropNext));
        daemon("proxy-response", () -> responses(upstream, client, dropNext));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** Forwards requests; marks the connection when an armed request line goes by. */
  private void requests(Socket client, Socket upstream, AtomicBoolean dropNext) {
    var recent = new StringBuilder();
    try (InputStream in = client.getInputStream();
        OutputStream out = upstream.getOutputStream()) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        recent.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
        String line = watched;
        if (line != null) {
          for (int at = recent.indexOf(line); at >= 0; at = recent.indexOf(line, at + 1)) {
            matched.incrementAndGet();
            if (armed.compareAndSet(true, false)) {
              dropNext.set(true);
            }
          }
          // Keep a tail to find a request line split across two reads, not one seen already.
          recent.delete(0, Math.max(0, recent.length() - line.length() + 1));
        } else {
          recent.setLength(0);
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // either side closed
    } finally {
      closeQuietly(client, upstream);
    }
  }

  /**
   * Forwards responses, except the first final one on a marked connection: that one closes it. An
   * interim {@code 100 Continue} is passed on, so the client sends the body and the server acts.
   */
  private void responses(Socket upstream, Socket client, AtomicBoolean dropNext) {
    try (InputStream in = upstream.getInputStream();
        OutputStream out = client.getOutputStream()) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        int from = 0;
        if (dropNext.get()) {
          String head = new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
          if (head.startsWith("HTTP/1.1 100")) {
            from = head.indexOf("\r\n\r\n") + 4;
            out.write(buffer, 0, from);
            out.flush();
          }
          if (from < n && dropNext.compareAndSet(true, false)) {
            String rest = head.substring(from);
            lostStatusLine = rest.lines().findFirst().orElse("");
            dropped.incrementAndGet();
            closeQuietly(client, upstream);
            return;
          }
        }
        out.write(buffer, from, n - from);
        out.flush();
      }
    } catch (IOException e) {
      // either side closed
    } finally {
      closeQuietly(client, upstream);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }

  private static void closeQuietly(Socket... sockets) {
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException e) {
        // closing
      }
    }
  }

  private static void daemon(String name, Runnable body) {
    var thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }
}
