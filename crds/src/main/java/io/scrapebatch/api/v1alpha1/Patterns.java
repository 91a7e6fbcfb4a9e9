package io.scrapebatch.api.v1alpha1;

import java.util.Arrays;
import java.util.List;

/** Regular expressions the API server enforces on string fields (OpenAPI {@code pattern}). */
public final class Patterns {
  /** A Kubernetes memory quantity (binary or decimal suffix, or plain bytes). */
  public static final String MEMORY_QUANTITY = "^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$";

  /** A Go-style duration such as {@code 30s}, {@code 5m} or {@code 1h30m}. */
  public static final String DURATION = "^([0-9]+(ms|s|m|h))+$";

  /** A column name Spark and Delta accept without quoting. */
  public static final String COLUMN_NAME = "^[A-Za-z_][A-Za-z0-9_]{0,62}$";

  /**
   * Column names the job used for its own columns before they moved to names no contract field can
   * take ({@code $raw}, …), and Spark's hidden {@code _metadata} column. A job image of an older
   * release, which {@code spec.image} may name, still uses them, so the API server refuses them
   * (ignoring case) as a contract field or partition column. A CEL list literal, so that the rules
   * can embed it; {@link #RESERVED_COLUMN_NAMES} reads it.
   */
  public static final String RESERVED_COLUMN_NAMES_CEL =
      "['_raw', '_reasons', '_source_file', '_corrupt_record', '_json', '_tiebreak', '_salt',"
          + " '_rank', '_metadata']";

  /** {@link #RESERVED_COLUMN_NAMES_CEL} as a list. */
  public static final List<String> RESERVED_COLUMN_NAMES =
      Arrays.stream(RESERVED_COLUMN_NAMES_CEL.replaceAll("[\\[\\]' ]", "").split(",")).toList();

  /** The reason the API server gives for a reserved name. */
  static final String RESERVED_MESSAGE =
      "is reserved for the job's own columns: " + RESERVED_COLUMN_NAMES_CEL;

  private Patterns() {}
}
