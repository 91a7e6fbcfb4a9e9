package io.scrapebatch.api.job;

import java.io.Serializable;
import java.util.Optional;

/**
 * A contract field's {@code pattern}, matched by RE2 (re2j): linear in the value's length and
 * without recursion, so no value can overflow a task's stack or run for minutes ({@code
 * java.util.regex} backtracks recursively: {@code ^(a|b)*$} on a 50 KB value throws
 * StackOverflowError, which fails the batch on every retry). The syntax is RE2's — that of CEL's
 * {@code matches()} — so no backreferences and no lookaround. The job matches with this class and
 * whatever checks a contract before a run compiles with it, so both accept the same patterns.
 */
public final class FieldPattern implements Serializable {
  private static final long serialVersionUID = 1L;

  private final com.google.re2j.Pattern pattern;

  private FieldPattern(com.google.re2j.Pattern pattern) {
    this.pattern = pattern;
  }

  /**
   * @throws IllegalArgumentException with RE2's description when the pattern does not compile
   */
  public static FieldPattern compile(String regex) {
    try {
      return new FieldPattern(com.google.re2j.Pattern.compile(regex));
    } catch (com.google.re2j.PatternSyntaxException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** RE2's description of what is wrong with the pattern, or empty when it compiles. */
  public static Optional<String> syntaxError(String regex) {
    try {
      compile(regex);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** Whether a match occurs anywhere in the value (Spark's {@code rlike}; anchor with ^ and $). */
  public boolean foundIn(CharSequence value) {
    return pattern.matcher(value).find();
  }

  @Override
  public String toString() {
    return pattern.pattern();
  }
}
