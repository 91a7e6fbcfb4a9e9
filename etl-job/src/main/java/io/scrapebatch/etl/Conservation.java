package io.scrapebatch.etl;

/**
 * read = written + duplicates in batch + already present + quarantined, checked with figures
 * measured at different places: the scan (read, invalid), the deduplication's input and output, and
 * the MERGE command's own metrics (source rows read, rows inserted; already present is the
 * difference of those two, both Delta's). Rows lost or made up between validation and
 * deduplication, or a MERGE that read other rows than the deduplication kept, break it. The
 * quarantine MERGE must have read exactly the invalid rows.
 */
public final class Conservation {
  private Conservation() {}

  public static void check(BatchCounts counts, DedupCounts dedup, DeltaSink.MergeOutcome merge) {
    long present = merge.alreadyPresent();
    long accounted = merge.inserted() + dedup.duplicates() + present + counts.invalid();
    // Deduplicating rows keeps at least one and at most all of them.
    boolean dedupPlausible =
        dedup.survivors() <= dedup.rowsIn() && (dedup.rowsIn() == 0) == (dedup.survivors() == 0);
    if (accounted != counts.read()
        || merge.sourceRows() != dedup.survivors()
        || !dedupPlausible
        || present < 0) {
      throw JobFailure.conservationViolated(
          String.format(
              "read %d != written %d + duplicates %d + present %d + quarantined %d"
                  + " (%d valid rows, %d entered the dedup, %d kept, MERGE read %d)",
              counts.read(),
              merge.inserted(),
              dedup.duplicates(),
              present,
              counts.invalid(),
              counts.valid(),
              dedup.rowsIn(),
              dedup.survivors(),
              merge.sourceRows()));
    }
  }

  /** Every invalid row reached the quarantine MERGE: inserted now or quarantined before. */
  public static void checkQuarantine(BatchCounts counts, DeltaSink.MergeOutcome quarantine) {
    if (quarantine.sourceRows() != counts.invalid() || quarantine.alreadyPresent() < 0) {
      throw JobFailure.conservationViolated(
          String.format(
              "%d rows were invalid, the quarantine MERGE read %d (inserted %d, %d there before)",
              counts.invalid(),
              quarantine.sourceRows(),
              quarantine.inserted(),
              quarantine.alreadyPresent()));
    }
  }
}
