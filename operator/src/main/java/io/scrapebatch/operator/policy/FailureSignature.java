package io.scrapebatch.operator.policy;

import io.scrapebatch.api.v1alpha1.FailureClass;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Text that identifies a failure class in Spark's own words, as found in the driver's log tail, its
 * {@code spark.exit-exception} annotation or the job's evidence. Checked in declaration order: an
 * executor's OOM reported through the driver must not read as a driver OOM.
 */
enum FailureSignature {
  EXECUTOR_LOST_TO_MEMORY(
      FailureClass.ExecutorOOM,
      "ExecutorLostFailure.*(exit code (137|52)|OOMKilled|possible container OOM|exceeding memory)"
          + "|Container killed .*exceeding memory"
          + "|Lost task .*executor [^)]*\\): java\\.lang\\.OutOfMemoryError"),
  NOT_SERIALIZABLE(
      FailureClass.SerializationError,
      "Task not serializable|java\\.io\\.NotSerializableException"),
  SHUFFLE_FETCH_FAILED(
      FailureClass.ShuffleFetchFailed,
      "FetchFailedException|MetadataFetchFailedException|Missing an output location for shuffle"),
  JVM_OUT_OF_MEMORY(FailureClass.DriverOOM, "java\\.lang\\.OutOfMemoryError");

  private static final int MAX_EVIDENCE_CHARS = 300;

  private final FailureClass failureClass;
  private final Pattern pattern;

  FailureSignature(FailureClass failureClass, String regex) {
    this.failureClass = failureClass;
    this.pattern = Pattern.compile(regex);
  }

  FailureClass failureClass() {
    return failureClass;
  }

  /** The first signature found in {@code text} and the line it was found on. */
  static Optional<Match> find(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    for (FailureSignature signature : values()) {
      var matched =
          Arrays.stream(text.split("\n"))
              .filter(line -> signature.pattern.matcher(line).find())
              .findFirst();
      if (matched.isPresent()) {
        return Optional.of(new Match(signature, shorten(matched.get().strip())));
      }
    }
    return Optional.empty();
  }

  private static String shorten(String line) {
    return line.length() <= MAX_EVIDENCE_CHARS ? line : line.substring(0, MAX_EVIDENCE_CHARS) + "…";
  }

  record Match(FailureSignature signature, String line) {}
}
