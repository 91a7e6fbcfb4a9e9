package io.scrapebatch.operator.input;

import io.scrapebatch.operator.policy.InputLocation;
import io.scrapebatch.operator.policy.InputProbe;
import io.scrapebatch.operator.policy.InputSize;
import io.scrapebatch.operator.policy.ProbeResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

/**
 * Measures inputs on a filesystem the operator shares with the Spark pods (a mounted volume): a
 * file, a folder (its files, not sub-folders, as Spark reads it) or a glob in the last path
 * segments. Hidden and {@code _}-prefixed files are skipped, as Spark skips them.
 */
public final class LocalInputProbe implements InputProbe {
  public boolean supports(String uri) {
    return uri.startsWith("/") || uri.startsWith("file:");
  }

  @Override
  public ProbeResult measure(InputLocation location) {
    String uri = location.uri();
    String path = uri.startsWith("file:") ? URI.create(uri).getPath() : uri;
    try {
      List<Path> files = matching(path);
      if (files.isEmpty()) {
        return new ProbeResult.Unavailable("no input files at " + path);
      }
      long bytes = 0;
      boolean gzip = false;
      for (Path file : files) {
        bytes += Files.size(file);
        gzip |= file.getFileName().toString().endsWith(".gz");
      }
      return new ProbeResult.Measured(new InputSize(bytes, files.size(), gzip));
    } catch (IOException | UncheckedIOException e) {
      return new ProbeResult.Unavailable("cannot read " + path + ": " + e.getMessage());
    }
  }

  private static List<Path> matching(String path) throws IOException {
    if (!hasGlob(path)) {
      Path p = Path.of(path);
      if (Files.isRegularFile(p)) {
        return List.of(p);
      }
      if (!Files.isDirectory(p)) {
        return List.of();
      }
      try (Stream<Path> children = Files.list(p)) {
        return children.filter(LocalInputProbe::isDataFile).sorted().toList();
      }
    }
    Path root = Path.of(path.substring(0, globStart(path)));
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + path);
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(p -> matcher.matches(p) && isDataFile(p)).sorted().toList();
    }
  }

  private static boolean isDataFile(Path p) {
    String name = p.getFileName().toString();
    return Files.isRegularFile(p) && !name.startsWith(".") && !name.startsWith("_");
  }

  private static boolean hasGlob(String path) {
    return path.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }

  /** Index just after the last '/' before the first glob character. */
  private static int globStart(String path) {
    int first = 0;
    while (first < path.length() && "*?[{".indexOf(path.charAt(first)) < 0) {
      first++;
    }
    return path.lastIndexOf('/', first) + 1;
  }
}
