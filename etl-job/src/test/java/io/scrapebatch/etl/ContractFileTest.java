package io.scrapebatch.etl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrapebatch.api.job.ExitCode;
import io.scrapebatch.api.v1alpha1.FieldType;
import io.scrapebatch.api.v1alpha1.SchemaContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContractFileTest {
  @TempDir Path dir;

  @Test
  void readsTheSampleYamlContract() {
    SchemaContract contract = ContractFile.load(Path.of("samples/products-contract.yaml"));
    assertThat(contract.fields()).hasSize(8);
    assertThat(contract.fields().get(1).type()).isEqualTo(FieldType.TIMESTAMP);
    assertThat(contract.fields().get(4).allowedValues())
        .containsExactly("USD", "EUR", "GBP", "JPY");
    assertThat(contract.maxInvalidRatioOrDefault()).isEqualTo(0.05);
  }

  @Test
  void readsJsonAndDefaultsTheInvalidRatio() throws IOException {
    Path file = write("c.json", "{\"fields\":[{\"name\":\"id\",\"type\":\"long\"}]}");
    SchemaContract contract = ContractFile.load(file);
    assertThat(contract.fields().get(0).type()).isEqualTo(FieldType.LONG);
    assertThat(contract.maxInvalidRatioOrDefault()).isEqualTo(0.05);
  }

  @Test
  void rejectsContractsTheCrdWouldReject() throws IOException {
    assertBad(write("a.yaml", "fields: []"), "no fields");
    assertBad(write("b.yaml", "fields: [{name: id, type: uuid}]"), "cannot read");
    assertBad(write("c.yaml", "fields: [{name: id, type: long, pattern: x}]"), "strings only");
    assertBad(write("d.yaml", "fields: [{name: id, type: string, minimum: 1}]"), "numbers only");
    assertBad(
        write("e.yaml", "fields: [{name: id, type: string, pattern: '('}]"),
        "contract fields[0].pattern: not a regular expression");
    assertBad(
        write(
            "i.yaml",
            "fields: [{name: a, type: string}, {name: at, type: timestamp,"
                + " timestampFormat: YYYY-MM-dd}]"),
        "contract fields[1].timestampFormat: not a Spark datetime pattern");
    assertBad(
        write("k.yaml", "fields: [{name: url, type: string}, {name: URL, type: string}]"),
        "unique, ignoring case");
    assertBad(
        write("f.yaml", "fields: [{name: a, type: string}, {name: a, type: long}]"), "unique");
    assertBad(write("g.yaml", "fields: [{name: a, type: string}]\nmaxInvalidRatio: 2"), "[0, 1]");
    assertBad(write("h.yaml", "fields: [{name: a, type: string}]\nunknown: 1"), "cannot read");
    assertBad(dir.resolve("missing.yaml"), "cannot read");
  }

  @Test
  void namesEqualIgnoringCaseAndPatternsRe2CannotMatchAreRejected() throws IOException {
    assertBad(
        write("a.yaml", "fields: [{name: url, type: string}, {name: URL, type: string}]"),
        "unique, ignoring case: URL");
    // A backreference compiles in java.util.regex, not in RE2, the engine the job matches with.
    assertBad(
        write("b.yaml", "fields: [{name: a, type: string, pattern: '^(x)\\1$'}]"),
        "fields[0].pattern: not a regular expression the job can compile (RE2)");
    assertBad(write("c.yaml", "fields: [{name: a, type: string}]\nmaxLineBytes: 0"), "at least 1");
  }

  @Test
  void theLineLimitDefaultsToOneMebibyte() throws IOException {
    assertThat(
            ContractFile.load(write("c.yaml", "fields: [{name: a, type: string}]"))
                .maxLineBytesOrDefault())
        .isEqualTo(1 << 20);
    assertThat(
            ContractFile.load(
                    write("d.yaml", "fields: [{name: a, type: string}]\nmaxLineBytes: 512"))
                .maxLineBytesOrDefault())
        .isEqualTo(512);
  }

  private void assertBad(Path file, String message) {
    assertThatThrownBy(() -> ContractFile.load(file))
        .isInstanceOfSatisfying(
            JobFailure.class, f -> assertThat(f.exitCode()).isEqualTo(ExitCode.BAD_CONFIGURATION))
        .hasMessageContaining(message);
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }
}
