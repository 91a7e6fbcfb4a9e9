package io.scrapebatch.etl;

/**
 * The deduplication's input and output: the valid rows that entered it (the scan's count) and the
 * survivors, one per distinct key, observed while the MERGE reads its source.
 */
public record DedupCounts(long rowsIn, long survivors) {
  public long duplicates() {
    return rowsIn - survivors;
  }
}
