package io.scrapebatch.etl;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_repeat;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.schema_of_variant;
import static org.apache.spark.sql.functions.try_parse_json;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.variant_get;
import static org.apache.spark.sql.functions.when;

import io.scrapebatch.api.job.FieldPattern;
import io.scrapebatch.api.v1alpha1.FieldRule;
import io.scrapebatch.api.v1alpha1.FieldType;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * Checks every row against the contract with native Spark SQL expressions (no UDF: the optimizer
 * and code generation see through them) — except {@code pattern}, matched by RE2 in a UDF: {@code
 * rlike}'s java.util.regex recurses per repetition and a long value overflows the task's stack
 * (StackOverflowError is fatal to the task: the batch fails, and fails again on retry). A UDF of
 * one string is still generated code; what it costs is the string's conversion, which {@code rlike}
 * pays too. Spark 4 runs ANSI mode, so conversions use {@code try_cast}/{@code try_to_timestamp},
 * which yield null instead of failing the task.
 *
 * <p>Every expression here has generated code: no higher-order function such as {@code
 * array_compact} (a lambda is evaluated interpreted, and with it every check beneath it, which once
 * cost as much CPU as parsing). A valid row — the common case — costs one chain of checks and gets
 * an empty reason array; only an invalid row builds its reasons.
 */
public final class ContractValidator {
  /** ISO-8601 starts with a date; rejects Spark's special strings ("now", "yesterday", ...). */
  private static final String ISO_DATE_PREFIX = "^\\d{4}-\\d{2}-\\d{2}";

  /** {@code array<string>} without null elements, like every reason array. */
  private static final Column NO_REASONS = array_repeat(lit(""), 0);

  private final JobSpec spec;

  public ContractValidator(JobSpec spec) {
    this.spec = spec;
  }

  /**
   * {@code parse} output → the contract fields with their types, {@code _raw}, {@code
   * _source_file}, {@code _corrupt_record} and {@code _reasons} (every violated rule's code).
   */
  public Dataset<Row> withViolations(Dataset<Row> parsed) {
    var typed = new ArrayList<Column>();
    var violations = new ArrayList<Column>();
    var reasonArrays = new ArrayList<Column>();
    for (FieldRule field : spec.fields()) {
      Column raw = col(field.name());
      Column value = typed(field, raw);
      typed.add(value.as(field.name()));
      for (Rule rule : rules(field)) {
        // A comparison with null is null: not violated.
        Column violated = coalesce(violated(rule, field, raw, value), lit(false));
        violations.add(violated);
        reasonArrays.add(when(violated, array(lit(rule.code(field.name())))).otherwise(NO_REASONS));
      }
    }
    Column defect = col(Columns.CORRUPT);
    Column reasons = null;
    for (LineDefect d : LineDefect.values()) {
      Column isIt = defect.equalTo(d.code());
      Column only = array(lit(d.code()));
      reasons = reasons == null ? when(isIt, only) : reasons.when(isIt, only);
    }
    reasons = reasons.when(anyOf(violations), concatAll(reasonArrays)).otherwise(NO_REASONS);
    var out = new ArrayList<Column>(typed);
    out.add(col(Columns.RAW));
    out.add(col(Columns.SOURCE_FILE));
    out.add(col(Columns.CORRUPT));
    out.add(reasons.as(Columns.REASONS));
    return parsed.select(out.toArray(Column[]::new));
  }

  private static Column concatAll(List<Column> arrays) {
    return arrays.isEmpty() ? NO_REASONS : concat(arrays.toArray(Column[]::new));
  }

  /**
   * A balanced tree of ORs: a chain as deep as a wide contract has rules overflows the stack of
   * Spark's recursive expression conversion (300 fields with two rules each did).
   */
  private static Column anyOf(List<Column> conditions) {
    if (conditions.isEmpty()) {
      return lit(false);
    }
    if (conditions.size() == 1) {
      return conditions.get(0);
    }
    int half = conditions.size() / 2;
    return anyOf(conditions.subList(0, half))
        .or(anyOf(conditions.subList(half, conditions.size())));
  }

  /** Every reason code this contract can produce, in a stable order. */
  public List<String> reasonCodes() {
    var codes = new ArrayList<String>();
    for (LineDefect d : LineDefect.values()) {
      codes.add(d.code());
    }
    for (FieldRule field : spec.fields()) {
      rules(field).forEach(rule -> codes.add(rule.code(field.name())));
    }
    return codes;
  }

  /** The rules that apply to a field, in reporting order. */
  List<Rule> rules(FieldRule field) {
    var rules = new ArrayList<Rule>();
    if (spec.required(field)) {
      rules.add(Rule.REQUIRED);
    }
    if (field.type() == FieldType.TIMESTAMP) {
      rules.add(Rule.TIMESTAMP);
    } else {
      rules.add(Rule.TYPE);
    }
    addIf(rules, field.pattern() != null, Rule.PATTERN);
    addIf(rules, field.minLength() != null, Rule.MIN_LENGTH);
    addIf(rules, field.maxLength() != null, Rule.MAX_LENGTH);
    addIf(rules, field.minimum() != null, Rule.MINIMUM);
    addIf(rules, field.maximum() != null, Rule.MAXIMUM);
    addIf(rules, field.allowedValues() != null, Rule.ALLOWED_VALUES);
    return rules;
  }

  private static void addIf(List<Rule> rules, boolean applies, Rule rule) {
    if (applies) {
      rules.add(rule);
    }
  }

  private static Column typed(FieldRule field, Column raw) {
    return switch (field.type()) {
      case STRING -> when(not(jsonStructure(field, raw)), raw);
      case INTEGER -> raw.try_cast("int");
      case LONG -> raw.try_cast("bigint");
      case DOUBLE -> {
        // "NaN" and "Infinity" cast fine but are no prices, counts or measures.
        Column d = raw.try_cast("double");
        yield when(not(isnan(d)).and(abs(d).lt(Double.POSITIVE_INFINITY)), d);
      }
      case BOOLEAN -> raw.try_cast("boolean");
      case TIMESTAMP ->
          field.timestampFormat() == null
              ? when(raw.rlike(ISO_DATE_PREFIX), raw.try_cast("timestamp"))
              : try_to_timestamp(raw, lit(field.timestampFormat()));
    };
  }

  /**
   * Whether a string field's value was a JSON object or array: the parser hands those over as their
   * JSON text, which a JSON string can equal. Only a value that starts like one is checked, by the
   * JSON type of the field in the raw line.
   */
  private static Column jsonStructure(FieldRule field, Column raw) {
    Column looksLikeOne = raw.startsWith("{").or(raw.startsWith("["));
    Column jsonType =
        schema_of_variant(
            variant_get(try_parse_json(col(Columns.RAW)), "$." + field.name(), "variant"));
    Column structured = jsonType.startsWith("OBJECT").or(jsonType.startsWith("ARRAY"));
    // A line Spark parses but variant does not (duplicate keys) keeps its value as a string.
    return looksLikeOne.and(coalesce(structured, lit(false)));
  }

  private static Column matches(FieldPattern pattern, Column value) {
    UDF1<String, Boolean> foundIn = v -> v == null ? null : pattern.foundIn(v);
    return udf(foundIn, DataTypes.BooleanType).apply(value);
  }

  /**
   * True when the rule is violated. Comparisons with null are null (not violated), so a missing
   * value reports only "required" and an unconvertible one only its type rule.
   */
  private static Column violated(Rule rule, FieldRule field, Column raw, Column value) {
    return switch (rule) {
      case REQUIRED -> raw.isNull();
      case TYPE, TIMESTAMP -> raw.isNotNull().and(value.isNull());
      case PATTERN -> not(matches(FieldPattern.compile(field.pattern()), value));
      case MIN_LENGTH -> length(value).lt(field.minLength());
      case MAX_LENGTH -> length(value).gt(field.maxLength());
      case MINIMUM -> value.lt(field.minimum());
      case MAXIMUM -> value.gt(field.maximum());
      case ALLOWED_VALUES -> not(value.isin(field.allowedValues().toArray()));
    };
  }
}
