package io.scrapebatch.etl;

/**
 * Names of the job's technical columns. Each starts with {@code $}, which the contract's
 * column-name pattern ({@code Patterns.COLUMN_NAME}) forbids, so no contract field, in any letter
 * case, can collide with one and be dropped or overwrite it.
 */
public final class Columns {
  private static final String PREFIX = "$";

  /** The input line as read (kept only for invalid rows once validated). */
  public static final String RAW = PREFIX + "raw";

  /** The file a line came from. */
  public static final String SOURCE_FILE = PREFIX + "source_file";

  /** Why the line is no record (a {@link LineDefect} code), or null when it is one. */
  public static final String CORRUPT = PREFIX + "corrupt";

  /** Every violated rule of a row as a reason code; empty for a valid row. */
  public static final String REASONS = PREFIX + "reasons";

  /** The defect found before parsing (too long, not UTF-8), or null. */
  static final String UNPARSED = PREFIX + "unparsed";

  /** The parsed JSON object, before its fields are columns. */
  static final String JSON = PREFIX + "json";

  /** Set by {@code from_json} (PERMISSIVE) to the line when it is not a JSON object. */
  static final String JSON_CORRUPT = PREFIX + "json_corrupt";

  /** {@link LatestDedup}'s hash of the whole row, its salt bucket and its rank. */
  static final String TIEBREAK = PREFIX + "tiebreak";

  static final String SALT = PREFIX + "salt";
  static final String RANK = PREFIX + "rank";

  private Columns() {}
}
