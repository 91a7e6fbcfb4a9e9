package io.scrapebatch.etl;

/**
 * A contract rule a value can violate. A reason code is {@code <field>:<rule>} (e.g. {@code
 * price:minimum}); a line that is no record gets its {@link LineDefect}'s code instead.
 */
public enum Rule {
  REQUIRED("required"),
  /**
   * The value does not convert to the field's type (integer, long, double, boolean), or a string
   * field holds a JSON object or array.
   */
  TYPE("type"),
  /** A timestamp field's value does not parse (ISO-8601, or the field's timestampFormat). */
  TIMESTAMP("timestamp"),
  PATTERN("pattern"),
  MIN_LENGTH("minLength"),
  MAX_LENGTH("maxLength"),
  MINIMUM("minimum"),
  MAXIMUM("maximum"),
  ALLOWED_VALUES("allowedValues");

  private final String label;

  Rule(String label) {
    this.label = label;
  }

  public String code(String field) {
    return field + ":" + label;
  }
}
