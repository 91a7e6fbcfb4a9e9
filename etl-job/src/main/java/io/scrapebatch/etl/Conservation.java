package io.scrapebatch.etl;

/**
 * read = written + duplicates in batch + already present + quarantined, checked with figures
 * measured independently: the counting pass (read, invalid, distinct valid keys) and Delta's own
 * MERGE metrics (source rows read, rows inserted). A dedup that kept more or fewer rows than there
 * are keys, or a MERGE that saw other rows than the batch's, breaks it.
 */
public final class Conservation {
  private Conservation() {}

  public static void check(BatchCounts counts, DeltaSink.MergeOutcome merge) {
    long mergedSource = merge.sourceRows().orElse(counts.distinctValidKeys());
    long duplicates = counts.valid() - counts.distinctValidKeys();
    long present = mergedSource - merge.inserted();
    long accounted = merge.inserted() + duplicates + present + counts.invalid();
    if (accounted != counts.read() || present < 0) {
      throw JobFailure.conservationViolated(
          String.format(
              "read %d != written %d + duplicates %d + present %d + quarantined %d"
                  + " (MERGE read %d rows for %d distinct keys)",
              counts.read(),
              merge.inserted(),
              duplicates,
              present,
              counts.invalid(),
              mergedSource,
              counts.distinctValidKeys()));
    }
  }
}
