package io.scrapebatch.etl.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A loopback HTTP endpoint that reads each request, keeps it, and closes the connection without an
 * answer: a service (here STS) that is unreachable, with a record of what was asked of it.
 */
public final class UnansweredEndpoint implements AutoCloseable {
  private final ServerSocket server;
  private final List<String> requests = new ArrayList<>();

  public UnansweredEndpoint() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    var thread = new Thread(this::serve, "unanswered-endpoint");
    thread.setDaemon(true);
    thread.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** Each request as received: request line, headers and body. */
  public synchronized List<String> requests() {
    return List.copyOf(requests);
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket client = server.accept()) {
        String request = read(client.getInputStream());
        synchronized (this) {
          requests.add(request);
        }
      } catch (IOException e) {
        // closed, or the client gave up
      }
    }
  }

  /** Headers up to the blank line, then Content-Length bytes of body. */
  private static String read(InputStream in) throws IOException {
    var head = new ByteArrayOutputStream();
    int matched = 0;
    for (int b; matched < 4 && (b = in.read()) >= 0; ) {
      head.write(b);
      matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : 0;
    }
    String headers = head.toString(StandardCharsets.ISO_8859_1);
    int length = 0;
    for (String line : headers.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
