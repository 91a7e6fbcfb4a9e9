package io.scrapebatch.etl;

import io.scrapebatch.api.job.ExitCode;
import io.scrapebatch.api.job.SparkFailureText;
import io.scrapebatch.storage.StorageFailure;
import java.io.NotSerializableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.AnalysisException;

/**
 * Maps whatever ended the job to an exit code and failure class. Spark wraps task failures in a
 * SparkException whose message carries the executor-side exception as text, so both the cause chain
 * and the messages are searched.
 */
public final class FailureClassifier {
  private static final int EVIDENCE_LINES = 4;
  private static final int EVIDENCE_LINE_CHARS = 300;

  private FailureClassifier() {}

  public static Failure classify(Throwable thrown) {
    List<Throwable> chain = chain(thrown);
    Optional<CorruptInput> corrupt = CorruptInput.in(chain);
    if (corrupt.isPresent()) {
      return new Failure(ExitCode.CORRUPT_INPUT, corrupt.get().message(), evidence(chain));
    }
    String text = String.join("\n", chain.stream().map(FailureClassifier::describe).toList());
    return new Failure(exitCode(chain, text), firstLine(describe(thrown)), evidence(chain));
  }

  private static ExitCode exitCode(List<Throwable> chain, String text) {
    for (Throwable t : chain) {
      if (t instanceof JobFailure f) {
        return f.exitCode();
      }
      if (t instanceof StorageFailure f) {
        // A store that did not answer may answer the next attempt; a missing bucket never will.
        return f.reason().isTransient() ? ExitCode.UNKNOWN : ExitCode.BAD_CONFIGURATION;
      }
    }
    if (chain.stream().anyMatch(FailureClassifier::isWriteConflict)) {
      return ExitCode.WRITE_CONFLICT;
    }
    if (chain.stream().anyMatch(t -> t instanceof OutOfMemoryError)) {
      return SparkFailureText.REMOTE_TASK_LOST.matcher(text).find()
          ? ExitCode.EXECUTOR_OOM
          : ExitCode.JVM_OOM;
    }
    if (chain.stream().anyMatch(t -> t instanceof NotSerializableException)
        || SparkFailureText.NOT_SERIALIZABLE.foundIn(text)) {
      return ExitCode.SERIALIZATION_ERROR;
    }
    if (SparkFailureText.SHUFFLE_FETCH_FAILED.foundIn(text)
        || chain.stream()
            .anyMatch(t -> t.getClass().getSimpleName().equals("FetchFailedException"))) {
      return ExitCode.SHUFFLE_FETCH_FAILED;
    }
    if (chain.stream().anyMatch(t -> t instanceof AnalysisException)) {
      // Unresolvable columns, schema mismatches with an existing table, unreadable paths: no
      // retry with more memory helps.
      return ExitCode.BAD_CONFIGURATION;
    }
    if (SparkFailureText.EXECUTOR_LOST_TO_MEMORY.foundIn(text)) {
      // An executor killed for memory surfaces in the driver only as a lost executor.
      return ExitCode.EXECUTOR_OOM;
    }
    return ExitCode.UNKNOWN;
  }

  /**
   * Delta's optimistic concurrency control lost a race (ConcurrentAppendException,
   * ProtocolChangedException, MetadataChangedException …): one family, known by its class. The sink
   * wraps it with the table's name; this catches one raised anywhere else.
   */
  private static boolean isWriteConflict(Throwable t) {
    return t instanceof org.apache.spark.sql.delta.DeltaConcurrentModificationException;
  }

  /**
   * The chain's first lines, and always the root cause's: wrappers (S3A's provider list, Spark's
   * stage failure) can fill the first lines before the cause that explains them.
   */
  private static List<String> evidence(List<Throwable> chain) {
    var lines = new ArrayList<String>();
    for (Throwable t : chain) {
      for (String line : describe(t).split("\n")) {
        String trimmed = line.strip();
        if (!trimmed.isEmpty() && lines.size() < EVIDENCE_LINES) {
          lines.add(abbreviate(trimmed));
        }
      }
    }
    String root = firstLine(describe(chain.get(chain.size() - 1)));
    if (!lines.contains(root)) {
      if (lines.size() == EVIDENCE_LINES) {
        lines.remove(lines.size() - 1);
      }
      lines.add(root);
    }
    return lines;
  }

  private static List<Throwable> chain(Throwable thrown) {
    var chain = new ArrayList<Throwable>();
    for (Throwable t = thrown; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  private static String describe(Throwable t) {
    return t.getMessage() == null
        ? t.getClass().getName()
        : t.getClass().getName() + ": " + t.getMessage();
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return abbreviate(nl < 0 ? s : s.substring(0, nl));
  }

  private static String abbreviate(String s) {
    return s.length() <= EVIDENCE_LINE_CHARS ? s : s.substring(0, EVIDENCE_LINE_CHARS - 1) + "…";
  }
}
