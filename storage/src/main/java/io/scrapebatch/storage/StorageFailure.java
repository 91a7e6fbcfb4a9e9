package io.scrapebatch.storage;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;

/**
 * Storage could not be read, and why, in the terms both sides act on: the job exits with a code the
 * operator classifies, the operator's input measurement fails the batch or tries again.
 */
public final class StorageFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What a retry could change. */
  public enum Reason {
    /** The input, its prefix or its bucket does not exist. */
    NOT_FOUND(false),
    /** The credentials are wrong or lack a permission (403). */
    DENIED(false),
    /** The store did not answer: connection refused, timeout, unknown host. Worth another try. */
    UNREACHABLE(true),
    /** Anything else the store said. */
    OTHER(false);

    private final boolean transientFailure;

    Reason(boolean transientFailure) {
      this.transientFailure = transientFailure;
    }

    public boolean isTransient() {
      return transientFailure;
    }
  }

  /** Network failures named by libraries the chain may hold (Hadoop, Apache HttpClient). */
  private static final java.util.Set<String> UNANSWERED =
      java.util.Set.of("ConnectTimeoutException", "NoHttpResponseException");

  /**
   * The AWS SDK's words for a request that reached no answer; S3A keeps only the text when it
   * reports the credential providers that failed (an STS that does not answer, for one).
   */
  private static final String SDK_NO_RESPONSE = "Unable to execute HTTP request";

  private final Reason reason;

  public StorageFailure(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** Reads Hadoop's (and S3A's translated) exceptions into a reason. */
  public static StorageFailure of(String what, IOException e) {
    return new StorageFailure(reasonOf(e), what + ": " + e.getMessage(), e);
  }

  /**
   * A connection that failed anywhere in the chain decides first: S3A reports an STS that did not
   * answer (web identity) as a credentials failure with the connection error beneath it, or in its
   * message.
   */
  static Reason reasonOf(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof NoRouteToHostException
          || t instanceof UnknownHostException
          || t instanceof SocketTimeoutException
          || t instanceof InterruptedIOException
          || UNANSWERED.contains(t.getClass().getSimpleName())
          || String.valueOf(t.getMessage()).contains(SDK_NO_RESPONSE)) {
        return Reason.UNREACHABLE;
      }
    }
    for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof AccessDeniedException) {
        return Reason.DENIED;
      }
      // S3A's UnknownStoreException (missing bucket) is a FileNotFoundException too.
      if (t instanceof FileNotFoundException
          || t.getClass().getSimpleName().equals("UnknownStoreException")) {
        return Reason.NOT_FOUND;
      }
    }
    return Reason.OTHER;
  }
}
