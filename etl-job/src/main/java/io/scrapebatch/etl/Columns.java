package io.scrapebatch.etl;

/** Names of the job's technical columns; the leading underscore keeps them off contract names. */
public final class Columns {
  /** The input line as read (kept only for invalid rows once validated). */
  public static final String RAW = "_raw";

  /** The file a line came from. */
  public static final String SOURCE_FILE = "_source_file";

  /** Set by the JSON parser (PERMISSIVE mode) to the line when it is not a JSON object. */
  public static final String CORRUPT = "_corrupt_record";

  /** Every violated rule of a row as a reason code; empty for a valid row. */
  public static final String REASONS = "_reasons";

  private Columns() {}
}
