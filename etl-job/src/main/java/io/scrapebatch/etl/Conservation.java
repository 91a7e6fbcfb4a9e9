package io.scrapebatch.etl;

/**
 * read = written + duplicates in batch + already present + quarantined, checked with figures
 * measured at different places: the scan (read, invalid), the deduplication's input and output, and
 * Delta's own MERGE metrics (source rows read, rows inserted). Rows lost or made up between
 * validation and deduplication, or a MERGE that read other rows than the deduplication kept, break
 * it.
 */
public final class Conservation {
  private Conservation() {}

  public static void check(BatchCounts counts, DedupCounts dedup, DeltaSink.MergeOutcome merge) {
    long mergedSource = merge.sourceRows().orElse(dedup.survivors());
    long present = mergedSource - merge.inserted();
    long accounted = merge.inserted() + dedup.duplicates() + present + counts.invalid();
    // Deduplicating rows keeps at least one and at most all of them.
    boolean dedupPlausible =
        dedup.survivors() <= dedup.rowsIn() && (dedup.rowsIn() == 0) == (dedup.survivors() == 0);
    if (accounted != counts.read()
        || dedup.rowsIn() != counts.valid()
        || mergedSource != dedup.survivors()
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
              mergedSource));
    }
  }
}
