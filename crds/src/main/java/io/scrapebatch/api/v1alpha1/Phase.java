package io.scrapebatch.api.v1alpha1;

/** Where a batch is in its life; only the operator's lifecycle changes it. */
public enum Phase {
  /** Accepted; the input is being measured and the first attempt sized. */
  Pending,
  /**
   * Sized, waiting for another batch that writes the same table (or quarantine) to finish: one
   * writer per Delta table. The Queued condition names the holder.
   */
  Queued,
  /** A driver pod of the current attempt exists but has not started running. */
  Launching,
  /** The current attempt's driver is running. */
  Running,
  /** An attempt failed with a retryable class; the next one starts at status.nextAttemptAt. */
  Retrying,
  /** The job merged the batch; status.result holds the counts. */
  Succeeded,
  /** No attempt is left or the failure cannot be fixed by a retry; see status.message. */
  Failed;

  public boolean isTerminal() {
    return this == Succeeded || this == Failed;
  }
}
