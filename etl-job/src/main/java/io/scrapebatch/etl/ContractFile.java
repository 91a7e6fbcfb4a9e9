package io.scrapebatch.etl;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.scrapebatch.api.job.ContractRules;
import io.scrapebatch.api.v1alpha1.FieldRule;
import io.scrapebatch.api.v1alpha1.FieldType;
import io.scrapebatch.api.v1alpha1.Patterns;
import io.scrapebatch.api.v1alpha1.SchemaContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads a contract file (YAML or JSON: YAML is a superset) into the API's {@link SchemaContract}
 * and re-checks what the CRD's schema would have enforced, since a file never passed the API
 * server.
 */
public final class ContractFile {
  private static final Pattern COLUMN_NAME = Pattern.compile(Patterns.COLUMN_NAME);
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private ContractFile() {}

  public static SchemaContract load(Path file) {
    SchemaContract contract;
    try {
      contract = YAML.readValue(Files.readString(file), SchemaContract.class);
    } catch (IOException e) {
      throw JobFailure.badConfiguration("cannot read contract " + file + ": " + e.getMessage(), e);
    }
    if (contract == null) {
      throw JobFailure.badConfiguration("contract " + file + " is empty");
    }
    check(contract);
    return contract;
  }

  static void check(SchemaContract contract) {
    if (contract.fields() == null || contract.fields().isEmpty()) {
      throw JobFailure.badConfiguration("contract has no fields");
    }
    double ratio = contract.maxInvalidRatioOrDefault();
    if (ratio < 0 || ratio > 1) {
      throw JobFailure.badConfiguration("maxInvalidRatio must be within [0, 1]: " + ratio);
    }
    if (contract.maxLineBytesOrDefault() < 1) {
      throw JobFailure.badConfiguration(
          "maxLineBytes must be at least 1: " + contract.maxLineBytes());
    }
    var names = new HashSet<String>();
    for (FieldRule field : contract.fields()) {
      checkField(field);
      // Spark and Delta resolve column names ignoring case.
      if (!names.add(field.name().toLowerCase(Locale.ROOT))) {
        throw JobFailure.badConfiguration(
            "contract field names must be unique, ignoring case: " + field.name());
      }
    }
    // What the operator checks before launching, with the same rules.
    ContractRules.problems(contract).stream()
        .findFirst()
        .ifPresent(
            p -> {
              throw JobFailure.badConfiguration(p.describe("contract "));
            });
  }

  private static void checkField(FieldRule f) {
    if (f.name() == null || !COLUMN_NAME.matcher(f.name()).matches()) {
      throw JobFailure.badConfiguration("invalid contract field name: " + f.name());
    }
    if (f.type() == null) {
      throw JobFailure.badConfiguration("contract field " + f.name() + " has no type");
    }
    boolean string = f.type() == FieldType.STRING;
    if (!string
        && (f.pattern() != null
            || f.allowedValues() != null
            || f.minLength() != null
            || f.maxLength() != null)) {
      throw JobFailure.badConfiguration(
          f.name() + ": pattern, allowedValues, minLength and maxLength apply to strings only");
    }
    if (!f.type().isNumeric() && (f.minimum() != null || f.maximum() != null)) {
      throw JobFailure.badConfiguration(f.name() + ": minimum and maximum apply to numbers only");
    }
    if (f.timestampFormat() != null && f.type() != FieldType.TIMESTAMP) {
      throw JobFailure.badConfiguration(f.name() + ": timestampFormat applies to timestamps only");
    }
  }
}
