package io.scrapebatch.api.job;

import io.scrapebatch.api.v1alpha1.FieldRule;
import io.scrapebatch.api.v1alpha1.SchemaContract;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The contract settings the job compiles and the API server cannot check (CEL compiles neither a
 * regular expression nor a datetime pattern), checked with the job's own rules so that the operator
 * refuses before any pod starts what the job would fail on inside Spark.
 *
 * <p>Patterns compile with {@link FieldPattern}, the engine the job matches with. The datetime
 * rules are Spark 4's for parsing ({@code DateTimeFormatterHelper.convertIncompatiblePattern}, then
 * {@code java.time}'s pattern syntax); a test in the job module holds both to what Spark does.
 */
public final class ContractRules {
  /** Spark refuses week-based fields ("use EXTRACT instead"). */
  private static final Set<Character> WEEK_BASED = Set.of('Y', 'W', 'w', 'u', 'e', 'c');

  /** Spark refuses these letters, and these four more when parsing (which the job does). */
  private static final Set<Character> UNSUPPORTED = Set.of('A', 'n', 'N', 'p', 'E', 'F', 'q', 'Q');

  /** Narrow text forms and years Spark cannot hold. */
  private static final List<String> TOO_LONG =
      List.of("GGGGG", "MMMMM", "LLLLL", "EEEEE", "QQQQQ", "qqqqq", "yyyyyyy", "YYYYYYY");

  /**
   * A setting the job could not use.
   *
   * @param field its path in the contract, e.g. {@code fields[3].pattern}
   */
  public record Problem(String field, String why) {
    /** {@code <prefix><field>: <why>}, e.g. with prefix {@code spec.contract.}. */
    public String describe(String prefix) {
      return prefix + field + ": " + why;
    }
  }

  private ContractRules() {}

  /** Every problem of {@code contract}'s patterns and timestamp formats, in field order. */
  public static List<Problem> problems(SchemaContract contract) {
    var problems = new ArrayList<Problem>();
    List<FieldRule> fields = contract.fields() == null ? List.of() : contract.fields();
    for (int i = 0; i < fields.size(); i++) {
      FieldRule field = fields.get(i);
      String at = "fields[" + i + "].";
      if (field.pattern() != null) {
        regexProblem(field.pattern())
            .ifPresent(why -> problems.add(new Problem(at + "pattern", why)));
      }
      if (field.timestampFormat() != null) {
        timestampFormatProblem(field.timestampFormat())
            .ifPresent(why -> problems.add(new Problem(at + "timestampFormat", why)));
      }
    }
    return problems;
  }

  /** Why the job's engine cannot compile {@code regex}, if it cannot. */
  public static Optional<String> regexProblem(String regex) {
    return FieldPattern.syntaxError(regex)
        .map(why -> "not a regular expression the job can compile (RE2): " + why);
  }

  /** Why Spark cannot parse timestamps with {@code format}, if it cannot. */
  public static Optional<String> timestampFormatProblem(String format) {
    String[] parts = (format + " ").split("'", -1);
    boolean era = false;
    for (int i = 0; i < parts.length; i += 2) {
      era |= parts[i].indexOf('G') >= 0;
    }
    var converted = new StringBuilder();
    // Even parts are pattern letters; odd ones are quoted text, copied as they are.
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (i % 2 == 0) {
        Optional<String> refused = refusedBySpark(part);
        if (refused.isPresent()) {
          return Optional.of(notADatetimePattern(refused.get()));
        }
        // Spark parses 'y' as 'u' (proleptic year) unless an era is given.
        part = era ? part : part.replace('y', 'u');
      }
      converted.append(i > 0 ? "'" : "").append(part);
    }
    try {
      DateTimeFormatter.ofPattern(converted.substring(0, converted.length() - 1));
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(notADatetimePattern(e.getMessage()));
    }
  }

  private static Optional<String> refusedBySpark(String letters) {
    for (char c : letters.toCharArray()) {
      if (WEEK_BASED.contains(c)) {
        return Optional.of("week-based fields are not supported, found " + c);
      }
      if (UNSUPPORTED.contains(c)) {
        return Optional.of("illegal pattern character " + c);
      }
    }
    return TOO_LONG.stream()
        .filter(letters::contains)
        .findFirst()
        .map(run -> "too many pattern letters: " + run);
  }

  private static String notADatetimePattern(String why) {
    return "not a Spark datetime pattern (" + why + ")";
  }
}
