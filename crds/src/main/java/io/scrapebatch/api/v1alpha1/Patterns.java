package io.scrapebatch.api.v1alpha1;

/** Regular expressions the API server enforces on string fields (OpenAPI {@code pattern}). */
public final class Patterns {
  /** A Kubernetes memory quantity (binary or decimal suffix, or plain bytes). */
  public static final String MEMORY_QUANTITY = "^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$";

  /** A Go-style duration such as {@code 30s}, {@code 5m} or {@code 1h30m}. */
  public static final String DURATION = "^([0-9]+(ms|s|m|h))+$";

  /** A column name Spark and Delta accept without quoting. */
  public static final String COLUMN_NAME = "^[A-Za-z_][A-Za-z0-9_]{0,62}$";

  private Patterns() {}
}
