package io.scrapebatch.operator.policy;

/** What an {@code InputProbe} measured: stored bytes, file count and whether any file is gzip. */
public record InputSize(long bytes, long files, boolean compressed) {
  public InputSize {
    if (bytes < 0 || files < 0) {
      throw new IllegalArgumentException("negative input size");
    }
  }

  public String describe() {
    return "%d file(s), %s%s".formatted(files, Memory.ofBytes(bytes), compressed ? " (gzip)" : "");
  }
}
