package io.scrapebatch.api.v1alpha1;

/** Where one attempt is. */
public enum AttemptState {
  Pending,
  Running,
  Succeeded,
  Failed
}
