package io.scrapebatch.etl;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.v1alpha1.FieldRule;
import io.scrapebatch.api.v1alpha1.FieldType;
import io.scrapebatch.api.v1alpha1.SchemaContract;
import java.nio.charset.StandardCharsets;
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
  private static final int MAX_LINE_BYTES = 2000;

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
          0.05,
          MAX_LINE_BYTES);

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
        validator.withViolations(
            new JsonLinesParser(spec.fields(), spec.maxLineBytes()).parse(input));
    // A higher-order function (e.g. array_compact) would take the whole projection out of
    // whole-stage code generation and evaluate every check interpreted.
    String plan = validated.queryExecution().executedPlan().toString();
    assertThat(plan.lines().filter(l -> l.contains("AS " + Columns.REASONS)))
        .singleElement()
        .satisfies(line -> assertThat(line.trim()).matches("^\\*\\(\\d+\\) Project .*"));
    assertThat(validated.schema().apply(Columns.REASONS).dataType())
        .as("the quarantine table's reasons column: array<string> without null elements")
        .isEqualTo(DataTypes.createArrayType(DataTypes.StringType, false));
  }

  @Test
  void reasonCodesListEveryApplicableRuleOnce() {
    assertThat(validator.reasonCodes())
        .startsWith(
            "line_too_long",
            "invalid_utf8",
            "malformed",
            "id:required",
            "id:type",
            "url:required",
            "url:type",
            "url:pattern",
            "url:maxLength")
        .doesNotHaveDuplicates()
        .contains("cur:allowedValues", "day:timestamp")
        .doesNotContain("title:required", "id:pattern");
  }

  @Test
  void aLineThatIsNoJsonObjectIsMalformedNotMissingEveryField() {
    String[] lines = {"null", "[]", "[" + VALID + "]", "42", "\"k1\"", "true"};
    Map<String, Row> rows = validate(lines);
    for (String line : lines) {
      assertThat(reasons(rows.get(line))).as(line).containsExactly("malformed");
    }
  }

  @Test
  void linesOfJsonWhitespaceAreNoRowsAtAll() {
    assertThat(validated(lines("", " ", "\t", " \t\r ", VALID)).collectAsList())
        .singleElement()
        .satisfies(row -> assertThat(reasons(row)).isEmpty());
  }

  @Test
  void anObjectOrArrayInAStringFieldIsATypeViolationButAStringOfJsonTextIsNot() {
    String object = VALID.replace("\"Tee\"", "{\"a\":1}");
    String array = VALID.replace("\"https://a\"", "[\"https://a\"]");
    String jsonText = VALID.replace("\"Tee\"", "\"{\\\"a\\\":1}\"");
    String brackets = VALID.replace("\"Tee\"", "\"[sale]\"");
    Map<String, Row> rows = validate(object, array, jsonText, brackets);
    assertThat(reasons(rows.get(object))).containsExactly("title:type");
    assertThat(reasons(rows.get(array))).containsExactly("url:type");
    assertThat(reasons(rows.get(jsonText))).isEmpty();
    assertThat(rows.get(jsonText).<String>getAs("title")).isEqualTo("{\"a\":1}");
    assertThat(reasons(rows.get(brackets))).isEmpty();
  }

  @Test
  void invalidUtf8HasItsOwnReasonWhileAnEncodedReplacementCharacterIsData() {
    byte[] invalid = VALID.replace("\"Tee\"", "\"T\u00ffe\"").getBytes(StandardCharsets.ISO_8859_1);
    String replacement = VALID.replace("\"Tee\"", "\"T\ufffde\"");
    Dataset<Row> input =
        SharedSpark.get()
            .createDataset(
                List.of(invalid, replacement.getBytes(StandardCharsets.UTF_8)), Encoders.BINARY())
            .select(col("value").cast("string").as("value"));
    List<Row> rows = validated(input).collectAsList();
    assertThat(rows).hasSize(2);
    assertThat(reasons(rows.get(0))).containsExactly("invalid_utf8");
    assertThat(rows.get(0).<String>getAs("title")).as("not parsed").isNull();
    assertThat(reasons(rows.get(1))).isEmpty();
    assertThat(rows.get(1).<String>getAs("title")).isEqualTo("T\ufffde");
  }

  @Test
  void aLineAboveTheByteLimitIsNotParsedAndKeepsOnlyItsStart() {
    String padded = VALID.replace("\"Tee\"", "\"" + "x".repeat(MAX_LINE_BYTES) + "\"");
    // Two bytes per character: the limit counts bytes, not characters.
    String wide = VALID.replace("\"Tee\"", "\"" + "é".repeat(MAX_LINE_BYTES / 2) + "\"");
    String atLimit =
        VALID.replace("\"Tee\"", "\"" + "y".repeat(MAX_LINE_BYTES - VALID.length() + 3) + "\"");
    assertThat(atLimit.getBytes(StandardCharsets.UTF_8)).hasSize(MAX_LINE_BYTES);
    Map<String, Row> rows = validate(padded, wide, atLimit);

    Row tooLong = rows.get(padded);
    assertThat(reasons(tooLong)).containsExactly("line_too_long");
    assertThat(tooLong.<String>getAs("url")).as("not parsed").isNull();
    assertThat(reasons(rows.get(wide))).containsExactly("line_too_long");
    assertThat(reasons(rows.get(atLimit))).containsExactly("title:maxLength");
  }

  @Test
  void theRawLineOfALineTooLongIsCutToItsStart() {
    String huge = "[" + (VALID + ",").repeat(200) + VALID + "]";
    List<Row> rows = validated(lines(huge)).collectAsList();
    assertThat(reasons(rows.get(0))).containsExactly("line_too_long");
    assertThat(rows.get(0).<String>getAs(Columns.RAW))
        .hasSize(JsonLinesParser.KEPT_CHARS_OF_LONG_LINE)
        .isEqualTo(huge.substring(0, JsonLinesParser.KEPT_CHARS_OF_LONG_LINE));
  }

  @Test
  void aPatternOnA50KbValueNeitherOverflowsTheStackNorMisjudgesIt() {
    var contract =
        new SchemaContract(
            List.of(
                rule(
                    "code",
                    FieldType.STRING,
                    true,
                    "^(a|b)*$",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null)),
            0.05);
    var patternSpec = new JobSpec(args(List.of("code")), contract);
    String ok = "{\"code\":\"" + "ab".repeat(25_000) + "\"}";
    String bad = "{\"code\":\"" + "ab".repeat(25_000) + "c\"}";
    var rows = new LinkedHashMap<String, List<String>>();
    for (Row row :
        new ContractValidator(patternSpec)
            .withViolations(
                new JsonLinesParser(patternSpec.fields(), patternSpec.maxLineBytes())
                    .parse(lines(ok, bad)))
            .collectAsList()) {
      rows.put(row.getAs(Columns.RAW), reasons(row));
    }
    assertThat(rows.get(ok)).isEmpty();
    assertThat(rows.get(bad)).containsExactly("code:pattern");
  }

  private Map<String, Row> validate(String... lines) {
    var result = new LinkedHashMap<String, Row>();
    for (Row row : validated(lines(lines)).collectAsList()) {
      result.put(row.getAs(Columns.RAW), row);
    }
    return result;
  }

  private Dataset<Row> validated(Dataset<Row> lines) {
    return validator.withViolations(
        new JsonLinesParser(spec.fields(), spec.maxLineBytes()).parse(lines));
  }

  private static Dataset<Row> lines(String... lines) {
    return SharedSpark.get().createDataset(Arrays.asList(lines), Encoders.STRING()).toDF("value");
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
