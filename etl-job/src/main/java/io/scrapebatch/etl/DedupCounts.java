package io.scrapebatch.etl;

/**
 * The deduplication's input and output, observed while the MERGE reads its source: the valid rows
 * that entered it and the survivors, one per distinct key.
 */
public record DedupCounts(long rowsIn, long survivors) {
  public long duplicates() {
    return rowsIn - survivors;
  }
}
