package io.scrapebatch.operator.policy;

import java.util.Optional;

/**
 * What the cluster says about a batch's tables (target and quarantine) at this moment.
 *
 * @param blocker another batch that writes one of them, or is queued for it ahead of this one
 * @param held whether this batch holds their locks (claimed at launch, released once finished and
 *     its drivers have terminated)
 */
public record TableLock(Optional<TableHolder> blocker, boolean held) {
  public static TableLock free() {
    return new TableLock(Optional.empty(), false);
  }

  public static TableLock heldByThisBatch() {
    return new TableLock(Optional.empty(), true);
  }

  public static TableLock blockedBy(TableHolder holder) {
    return new TableLock(Optional.of(holder), false);
  }
}
