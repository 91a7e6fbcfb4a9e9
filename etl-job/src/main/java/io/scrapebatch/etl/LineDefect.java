package io.scrapebatch.etl;

/**
 * Why an input line is no record. Checked in this order, before any field rule: a line with a
 * defect gets its code as its only reason, and is quarantined (counted as malformed).
 */
public enum LineDefect {
  /** Longer than the contract's {@code maxLineBytes}: never parsed, its raw line cut short. */
  LINE_TOO_LONG("line_too_long"),
  /**
   * Bytes that are not UTF-8. The text reader keeps them as they are, but the JSON parser would
   * turn each into U+FFFD and the row would be merged with altered values.
   */
  INVALID_UTF8("invalid_utf8"),
  /**
   * Not one JSON object: broken JSON, or a JSON value of another kind ({@code null}, {@code []}).
   */
  MALFORMED("malformed");

  private final String code;

  LineDefect(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
