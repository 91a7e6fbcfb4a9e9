package io.scrapebatch.api.v1alpha1;

/**
 * Test fixture: a status with only its phase and observed generation set (what an operator that
 * lost the rest would find). Shared with other modules' tests through this module's test jar.
 */
public final class Statuses {

  public static ScrapeBatchStatus phaseOnly(Phase phase, Long observedGeneration) {
    return new ScrapeBatchStatus(
        phase,
        observedGeneration,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  private Statuses() {}
}
