package io.scrapebatch.api.v1alpha1;

/** Regular expressions the API server enforces on string fields (OpenAPI {@code pattern}). */
public final class Patterns {
  /** A Kubernetes memory quantity (binary or decimal suffix, or plain bytes). */
  public static final String MEMORY_QUANTITY = "^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$";

  /** A Go-style duration such as {@code 30s}, {@code 5m} or {@code 1h30m}. */
  public static final String DURATION = "^([0-9]+(ms|s|m|h))+$";

  /** A column name Spark and Delta accept without quoting. */
  public static final String COLUMN_NAME = "^[A-Za-z_][A-Za-z0-9_]{0,62}$";

  /**
   * Columns whose names start with this are the job's own ({@code _raw}, {@code _reasons}, {@code
   * _source_file}, ...): the API server refuses it as a contract field or partition column name, so
   * no contract can collide with one, today's or a future one.
   */
  public static final String RESERVED_COLUMN_PREFIX = "_";

  /** The reason the API server gives for a name with {@link #RESERVED_COLUMN_PREFIX}. */
  static final String RESERVED_MESSAGE =
      "names starting with '"
          + RESERVED_COLUMN_PREFIX
          + "' are reserved for the job's own columns (_raw, _reasons, _source_file, ...)";

  private Patterns() {}
}
