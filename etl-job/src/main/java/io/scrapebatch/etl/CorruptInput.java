package io.scrapebatch.etl;

import java.util.List;
import java.util.Optional;
import org.apache.spark.SparkThrowable;

/**
 * An input object that does not decompress (a truncated or corrupt .gz), found in what ended the
 * job: Spark's {@code FAILED_READ_FILE} error, which names the object, over an exception thrown by
 * a decompressor. The job fails at once rather than keep the object's readable prefix — a truncated
 * gzip stream decodes fine up to the cut, so keeping it would silently drop the rest — and the same
 * bytes fail every attempt, so it is not retried. A read error of the store itself (a reset
 * connection) is thrown elsewhere and stays retryable.
 */
record CorruptInput(String object, String cause) {
  private static final String FAILED_READ_FILE = "FAILED_READ_FILE";

  /** Where decompressors throw from: Hadoop's codecs and the JDK's zip streams. */
  private static final List<String> DECOMPRESSORS =
      List.of("org.apache.hadoop.io.compress.", "java.util.zip.");

  static Optional<CorruptInput> in(List<Throwable> chain) {
    for (int i = 0; i < chain.size(); i++) {
      if (chain.get(i) instanceof SparkThrowable read
          && read.getCondition() != null
          && read.getCondition().startsWith(FAILED_READ_FILE)) {
        String object = read.getMessageParameters().getOrDefault("path", "an input object");
        for (Throwable cause : chain.subList(i + 1, chain.size())) {
          if (thrownByDecompressor(cause)) {
            return Optional.of(new CorruptInput(object, cause.toString()));
          }
        }
      }
    }
    return Optional.empty();
  }

  String message() {
    return "input object "
        + object
        + " cannot be decompressed ("
        + cause
        + "); the same bytes fail every attempt: replace or remove the object";
  }

  private static boolean thrownByDecompressor(Throwable t) {
    StackTraceElement[] stack = t.getStackTrace();
    return stack.length > 0
        && DECOMPRESSORS.stream().anyMatch(p -> stack[0].getClassName().startsWith(p));
  }
}
