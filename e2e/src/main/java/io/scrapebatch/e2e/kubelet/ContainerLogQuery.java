package io.scrapebatch.e2e.kubelet;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A kubelet {@code /containerLogs/{namespace}/{pod}/{container}} request, as the API server
 * forwards {@code kubectl logs}: the options this kubelet honours, and a refusal for those it
 * cannot (it records no timestamps and restarts no containers).
 */
record ContainerLogQuery(
    String namespace,
    String pod,
    String container,
    boolean follow,
    Optional<Integer> tailLines,
    Optional<Long> limitBytes) {

  static final String PATH_PREFIX = "/containerLogs/";

  /** A request this kubelet answers with 400 and the message. */
  static final class BadRequest extends Exception {
    BadRequest(String message) {
      super(message);
    }
  }

  static ContainerLogQuery parse(URI uri) throws BadRequest {
    String[] parts = uri.getPath().substring(PATH_PREFIX.length()).split("/");
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
      throw new BadRequest("expected " + PATH_PREFIX + "{namespace}/{pod}/{container}");
    }
    Map<String, String> params = params(uri.getRawQuery());
    if (flag(params, "previous")) {
      throw new BadRequest(
          "previous terminated container \""
              + parts[2]
              + "\" in pod \""
              + parts[1]
              + "\" not found: the process kubelet never restarts containers");
    }
    if (flag(params, "timestamps")) {
      throw new BadRequest("the process kubelet records no log timestamps");
    }
    if (params.containsKey("sinceSeconds") || params.containsKey("sinceTime")) {
      throw new BadRequest("the process kubelet records no log timestamps, so no --since");
    }
    return new ContainerLogQuery(
        parts[0],
        parts[1],
        parts[2],
        flag(params, "follow"),
        number(params, "tailLines").map(n -> (int) Math.min(n, Integer.MAX_VALUE)),
        number(params, "limitBytes"));
  }

  /** Where a log's answer starts: after all but the last {@code tailLines} lines, if set. */
  int startOf(byte[] log) {
    if (tailLines.isEmpty()) {
      return 0;
    }
    int wanted = tailLines.get();
    if (wanted == 0) {
      return log.length;
    }
    // A trailing newline ends the last line rather than starting an empty one.
    int end = log.length > 0 && log[log.length - 1] == '\n' ? log.length - 1 : log.length;
    int seen = 0;
    for (int i = end - 1; i >= 0; i--) {
      if (log[i] == '\n' && ++seen == wanted) {
        return i + 1;
      }
    }
    return 0;
  }

  private static Map<String, String> params(String rawQuery) {
    Map<String, String> params = new HashMap<>();
    if (rawQuery == null) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(key, value);
    }
    return params;
  }

  private static boolean flag(Map<String, String> params, String name) {
    String value = params.get(name);
    return value != null && (value.isEmpty() || Boolean.parseBoolean(value));
  }

  private static Optional<Long> number(Map<String, String> params, String name) throws BadRequest {
    String value = params.get(name);
    if (value == null) {
      return Optional.empty();
    }
    try {
      long parsed = Long.parseLong(value);
      if (parsed >= 0) {
        return Optional.of(parsed);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadRequest(name + " must be a non-negative integer, got \"" + value + "\"");
  }
}
