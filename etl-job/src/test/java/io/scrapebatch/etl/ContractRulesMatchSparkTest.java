package io.scrapebatch.etl;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.job.ContractRules;
import io.scrapebatch.api.v1alpha1.FieldRule;
import io.scrapebatch.api.v1alpha1.FieldType;
import io.scrapebatch.api.v1alpha1.SchemaContract;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The operator refuses a contract with {@link ContractRules} before any pod starts; this holds
 * those rules to what the job's validation really does in Spark: a pattern or format is refused
 * exactly when validating a row with it fails.
 */
class ContractRulesMatchSparkTest {
  private static final String LINE = "{\"v\":\"2026-05-19 10:00:00\"}";

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "yyyy-MM-dd HH:mm:ss",
        "dd.MM.yyyy",
        "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
        "yyyy-MM-dd HH:mm:ss.SSSSSS",
        "MMM d, yyyy",
        "GGGG yyyy",
        "'week' yyyy",
        "YYYY-MM-dd",
        "yyyy-ww",
        "EEE, dd MMM yyyy",
        "MMMMM yyyy",
        "yyyyyyy",
        "yyyy-MM-dd bogus",
        "yyyy-MM-dd 'unclosed",
        "yyyy-MM-dd{}",
        "yyyy-MM-dd HH:mm:ss.SSSSSSSSSS",
        "A"
      })
  void aTimestampFormatIsRefusedExactlyWhenSparkFailsOnIt(String format) {
    var field =
        new FieldRule("v", FieldType.TIMESTAMP, true, null, null, null, null, null, null, format);

    Optional<Exception> spark = sparkFailsOn(field);

    assertThat(ContractRules.timestampFormatProblem(format).isPresent())
        .as("ContractRules refuses %s; Spark: %s", format, spark)
        .isEqualTo(spark.isPresent());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"^https?://", "(a|b)*c", "\\d{4}-", "([A-Z]+", "a{2,1}", "*x", "\\"})
  void aPatternIsRefusedExactlyWhenSparkFailsOnIt(String pattern) {
    var field =
        new FieldRule("v", FieldType.STRING, true, pattern, null, null, null, null, null, null);

    Optional<Exception> spark = sparkFailsOn(field);

    assertThat(ContractRules.regexProblem(pattern).isPresent())
        .as("ContractRules refuses %s; Spark: %s", pattern, spark)
        .isEqualTo(spark.isPresent());
  }

  /** What validating one row with {@code field} throws, if it does. */
  private static Optional<Exception> sparkFailsOn(FieldRule field) {
    var spec =
        new JobSpec(
            ContractValidatorTest.args(List.of("v")), new SchemaContract(List.of(field), null));
    var input = SharedSpark.get().createDataset(List.of(LINE), Encoders.STRING()).toDF("value");
    try {
      new ContractValidator(spec)
          .withViolations(new JsonLinesParser(spec.fields(), spec.maxLineBytes()).parse(input))
          .collectAsList();
      return Optional.empty();
    } catch (Exception e) {
      return Optional.of(e);
    }
  }
}
