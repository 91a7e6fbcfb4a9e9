package io.scrapebatch.etl;

import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.v1alpha1.FieldRule;
import io.scrapebatch.api.v1alpha1.FieldType;
import io.scrapebatch.api.v1alpha1.SchemaContract;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

class ContractValidatorTest {
  private static final SchemaContract CONTRACT =
      new SchemaContract(
          List.of(
              rule("id", FieldType.STRING, false, null, null, null, null, null, null, null),
              rule("url", FieldType.STRING, true, "^https?://", null, null, null, 30, null, null),
              rule("at", FieldType.TIMESTAMP, true, null, null, null, null, null, null, null),
              rule(
                  "day",
                  FieldType.TIMESTAMP,
                  false,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  "dd.MM.yyyy"),
              rule("title", FieldType.STRING, false, null, null, null, 2, 10, null, null),
              rule("price", FieldType.DOUBLE, true, null, 0.0, 100.0, null, null, null, null),
              rule("qty", FieldType.INTEGER, false, null, 0.0, null, null, null, null, null),
              rule("n", FieldType.LONG, false, null, null, null, null, null, null, null),
              rule("ok", FieldType.BOOLEAN, false, null, null, null, null, null, null, null),
              rule(
                  "cur",
                  FieldType.STRING,
                  false,
                  null,
                  null,
                  null,
                  null,
                  null,
                  List.of("USD", "EUR"),
                  null)),
          0.05);

  private static final String VALID =
      "{\"id\":\"k1\",\"url\":\"https://a\",\"at\":\"2026-05-19T10:00:00Z\",\"day\":\"19.05.2026\","
          + "\"title\":\"Tee\",\"price\":9.5,\"qty\":3,\"n\":12345678901,\"ok\":true,\"cur\":\"EUR\"}";

  private final JobSpec spec = new JobSpec(args(List.of("id")), CONTRACT);
  private final ContractValidator validator = new ContractValidator(spec);

  @Test
  void validRowHasNoReasonsAndTypedValues() {
    Row row = validate(VALID).get(VALID);
    assertThat(reasons(row)).isEmpty();
    assertThat(row.<Double>getAs("price")).isEqualTo(9.5);
    assertThat(row.<Integer>getAs("qty")).isEqualTo(3);
    assertThat(row.<Long>getAs("n")).isEqualTo(12345678901L);
    assertThat(row.<Boolean>getAs("ok")).isTrue();
    assertThat(row.<java.sql.Timestamp>getAs("at").toInstant()).hasToString("2026-05-19T10:00:00Z");
    assertThat(row.<String>getAs(Columns.RAW)).isEqualTo(VALID);
  }

  @Test
  void eachRuleReportsItsOwnReasonCode() {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put(VALID.replace("\"url\":\"https://a\",", ""), "url:required");
    cases.put(VALID.replace("https://a", "ftp://a"), "url:pattern");
    cases.put(VALID.replace("https://a", "https://" + "a".repeat(30)), "url:maxLength");
    cases.put(VALID.replace("2026-05-19T10:00:00Z", "yesterday"), "at:timestamp");
    cases.put(VALID.replace("19.05.2026", "2026-05-19"), "day:timestamp");
    cases.put(VALID.replace("\"Tee\"", "\"T\""), "title:minLength");
    cases.put(VALID.replace("\"Tee\"", "\"Tee shirt XL\""), "title:maxLength");
    cases.put(VALID.replace("9.5", "\"cheap\""), "price:type");
    cases.put(VALID.replace("9.5", "\"NaN\""), "price:type");
    cases.put(VALID.replace("9.5", "-1"), "price:minimum");
    cases.put(VALID.replace("9.5", "100.01"), "price:maximum");
    cases.put(VALID.replace("\"qty\":3", "\"qty\":3.5"), "qty:type");
    cases.put(VALID.replace("\"qty\":3", "\"qty\":-3"), "qty:minimum");
    cases.put(VALID.replace("12345678901", "\"many\""), "n:type");
    cases.put(VALID.replace("\"ok\":true", "\"ok\":\"perhaps\""), "ok:type");
    cases.put(VALID.replace("EUR", "BTC"), "cur:allowedValues");
    cases.put(VALID.replace("\"id\":\"k1\"", "\"id\":null"), "id:required");
    cases.put("{\"id\":\"k1\",\"url\":", "malformed");
    cases.put("<html>oops</html>", "malformed");

    Map<String, Row> rows = validate(cases.keySet().toArray(String[]::new));

    cases.forEach(
        (line, code) -> assertThat(reasons(rows.get(line))).as(line).containsExactly(code));
  }

  @Test
  void rowBreakingSeveralRulesListsEveryReason() {
    String line = "{\"url\":\"ftp://x\",\"at\":\"soon\",\"price\":-2}";
    assertThat(reasons(validate(line).get(line)))
        .containsExactly("id:required", "url:pattern", "at:timestamp", "price:minimum");
  }

  @Test
  void unknownPropertiesAreIgnoredAndUnicodeSurvives() {
    String line = VALID.replace("\"Tee\"", "\"Café 東京\"").replace("{", "{\"extra\":[1,2],");
    Row row = validate(line).get(line);
    assertThat(reasons(row)).isEmpty();
    assertThat(row.<String>getAs("title")).isEqualTo("Café 東京");
  }

  @Test
  void validationRunsAsGeneratedCodeAndKeepsTheReasonType() {
    // From a range, not a local collection: the optimizer would evaluate a projection of local
    // rows itself and leave no plan to inspect.
    Dataset<Row> input = SharedSpark.get().range(1).select(lit(VALID).as("value"));
    Dataset<Row> validated =
        validator.withViolations(new JsonLinesParser(spec.fields()).parse(input));
    // A higher-order function (e.g. array_compact) would take the whole projection out of
    // whole-stage code generation and evaluate every check interpreted.
    String plan = validated.queryExecution().executedPlan().toString();
    assertThat(plan.lines().filter(l -> l.contains("AS _reasons")))
        .singleElement()
        .satisfies(line -> assertThat(line.trim()).matches("^\\*\\(\\d+\\) Project .*"));
    assertThat(validated.schema().apply(Columns.REASONS).dataType())
        .as("the quarantine table's reasons column: array<string> without null elements")
        .isEqualTo(DataTypes.createArrayType(DataTypes.StringType, false));
  }

  @Test
  void reasonCodesListEveryApplicableRuleOnce() {
    assertThat(validator.reasonCodes())
        .startsWith("malformed", "id:required", "url:required", "url:pattern", "url:maxLength")
        .doesNotHaveDuplicates()
        .contains("cur:allowedValues", "day:timestamp")
        .doesNotContain("title:required", "id:pattern");
  }

  private Map<String, Row> validate(String... lines) {
    Dataset<Row> input =
        SharedSpark.get().createDataset(Arrays.asList(lines), Encoders.STRING()).toDF("value");
    var result = new LinkedHashMap<String, Row>();
    for (Row row :
        validator.withViolations(new JsonLinesParser(spec.fields()).parse(input)).collectAsList()) {
      result.put(row.getAs(Columns.RAW), row);
    }
    return result;
  }

  private static List<String> reasons(Row row) {
    return row.getList(row.fieldIndex(Columns.REASONS));
  }

  static JobArgs args(List<String> keys) {
    return new JobArgs(
        "/in",
        "/t",
        "/q",
        Path.of("c.yaml"),
        keys,
        Optional.empty(),
        Optional.empty(),
        0,
        "b",
        1,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  static FieldRule rule(
      String name,
      FieldType type,
      boolean required,
      String pattern,
      Double min,
      Double max,
      Integer minLength,
      Integer maxLength,
      List<String> allowed,
      String timestampFormat) {
    return new FieldRule(
        name, type, required, pattern, min, max, minLength, maxLength, allowed, timestampFormat);
  }
}
