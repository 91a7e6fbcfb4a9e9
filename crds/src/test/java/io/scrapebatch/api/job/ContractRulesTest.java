package io.scrapebatch.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrapebatch.api.v1alpha1.FieldRule;
import io.scrapebatch.api.v1alpha1.FieldType;
import io.scrapebatch.api.v1alpha1.SchemaContract;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContractRulesTest {
  @Test
  void aContractTheJobCanCompileHasNoProblems() {
    var contract =
        contract(
            string("url", "^https?://"),
            timestamp("at", null),
            timestamp("day", "dd.MM.yyyy HH:mm:ss.SSS"),
            timestamp("quoted", "yyyy-MM-dd'T'HH:mm:ssXXX"));

    assertThat(ContractRules.problems(contract)).isEmpty();
  }

  @Test
  void everyBrokenPatternAndFormatIsNamedByItsPathInTheContract() {
    var contract =
        contract(
            string("url", "^https?://"),
            string("sku", "([A-Z]+"),
            timestamp("at", "yyyy-MM-dd HH:mm:ss"),
            timestamp("day", "yyyy-MM-dd bogus"));

    assertThat(ContractRules.problems(contract))
        .extracting(p -> p.describe("spec.contract."))
        .satisfiesExactly(
            sku ->
                assertThat(sku)
                    .startsWith("spec.contract.fields[1].pattern: ")
                    .contains("missing closing )")
                    .contains("([A-Z]+"),
            day ->
                assertThat(day)
                    .startsWith("spec.contract.fields[3].timestampFormat: ")
                    .contains("not a Spark datetime pattern"));
  }

  @Test
  void datetimeLettersSparkRefusesAreRefusedThoughJavaTimeAcceptsThem() {
    // Week-based years, day names when parsing, narrow month names, 7-digit years.
    for (String format : List.of("YYYY-MM-dd", "EEE, dd MMM yyyy", "MMMMM yyyy", "yyyyyyy-MM")) {
      assertThat(ContractRules.timestampFormatProblem(format)).as(format).isPresent();
    }
  }

  @Test
  void lettersInsideQuotesAreText() {
    assertThat(ContractRules.timestampFormatProblem("yyyy-MM-dd'Week'")).isEmpty();
    assertThat(ContractRules.timestampFormatProblem("'it''s' yyyy")).isEmpty();
  }

  private static SchemaContract contract(FieldRule... fields) {
    return new SchemaContract(List.of(fields), null);
  }

  private static FieldRule string(String name, String pattern) {
    return new FieldRule(name, FieldType.STRING, true, pattern, null, null, null, null, null, null);
  }

  private static FieldRule timestamp(String name, String format) {
    return new FieldRule(
        name, FieldType.TIMESTAMP, true, null, null, null, null, null, null, format);
  }
}
