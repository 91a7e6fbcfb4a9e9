package io.scrapebatch.operator.policy;

/**
 * Why a batch may not start writing now: another batch writes one of its tables, or waits for it
 * since before this one was created (first come, first served).
 *
 * @param batch the other batch, {@code namespace/name}
 * @param table the table they share
 * @param writing true when the other batch holds the table; false when it is queued ahead
 */
public record TableHolder(String batch, TableId table, boolean writing) {
  public String describe() {
    return writing
        ? "%s is being written by %s".formatted(table, batch)
        : "%s is queued for %s ahead of this batch".formatted(batch, table);
  }
}
