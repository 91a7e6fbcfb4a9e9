package io.scrapebatch.api.job;

import io.scrapebatch.api.v1alpha1.FailureClass;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Spark's own wording for the failures both sides classify: the job reads it in the exception that
 * ended it, the operator in the driver's log tail and exit-exception annotation. Matched line by
 * line. Declaration order is the order of precedence: an executor's OutOfMemoryError reported
 * through the driver must not read as the driver's own.
 */
public enum SparkFailureText {
  EXECUTOR_LOST_TO_MEMORY(
      FailureClass.ExecutorOOM,
      "ExecutorLostFailure.*(exit code:? (137|52)|OOMKilled|possible container OOM"
          + "|exceeding memory|OutOfMemory)"
          + "|Container killed .*exceeding memory"
          + "|Lost task .*executor [^)]*\\): java\\.lang\\.OutOfMemoryError"),
  NOT_SERIALIZABLE(
      FailureClass.SerializationError,
      "Task not serializable|java\\.io\\.NotSerializableException"),
  SHUFFLE_FETCH_FAILED(
      FailureClass.ShuffleFetchFailed,
      "FetchFailedException|MetadataFetchFailedException|Missing an output location for shuffle"),
  JVM_OUT_OF_MEMORY(FailureClass.DriverOOM, "java\\.lang\\.OutOfMemoryError");

  /**
   * A task lost on an executor (not the driver's own local-mode one): Spark hands its exception
   * back to the driver, so an OutOfMemoryError under it was another JVM's.
   */
  public static final Pattern REMOTE_TASK_LOST =
      Pattern.compile("Lost task [^)]*\\) \\([^)]* executor (?!driver\\))");

  private final FailureClass failureClass;
  private final Pattern pattern;

  SparkFailureText(FailureClass failureClass, String regex) {
    this.failureClass = failureClass;
    this.pattern = Pattern.compile(regex);
  }

  public FailureClass failureClass() {
    return failureClass;
  }

  /** The first line of {@code text} in this wording. */
  public Optional<String> lineIn(String text) {
    if (text == null) {
      return Optional.empty();
    }
    return text.lines().filter(line -> pattern.matcher(line).find()).findFirst();
  }

  public boolean foundIn(String text) {
    return lineIn(text).isPresent();
  }
}
