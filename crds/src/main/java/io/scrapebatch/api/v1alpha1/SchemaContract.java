package io.scrapebatch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The fields a row must have and how many invalid rows a batch may contain. */
@JsonInclude(JsonInclude.Include.NON_NULL)
// Spark and Delta resolve column names ignoring case: url and URL would be one column.
@ValidationRule(
    value =
        "self.fields.all(f, self.fields.exists_one(g, g.name.lowerAscii() =="
            + " f.name.lowerAscii()))",
    message = "contract field names must be unique, ignoring case (url and URL are one column)",
    fieldPath = ".fields",
    reason = "FieldValueInvalid")
public record SchemaContract(
    @Required
        @Size(min = 1, max = 128)
        @JsonPropertyDescription(
            "The fields of a record. Properties not listed are ignored; the job never infers a"
                + " schema.")
        List<FieldRule> fields,
    @Min(0)
        @Max(1)
        @Default(Defaults.MAX_INVALID_RATIO)
        @JsonPropertyDescription(
            "The largest fraction of invalid rows (malformed JSON included) the batch may have."
                + " Above it the job fails with ContractViolation and writes nothing to the target"
                + " table; invalid rows are still quarantined.")
        Double maxInvalidRatio,
    @Min(1)
        @Default(Defaults.MAX_LINE_BYTES)
        @JsonPropertyDescription(
            "The longest input line, in bytes, the job parses. A longer line is quarantined with"
                + " the reason line_too_long without being parsed; the quarantine keeps its first"
                + " characters only.")
        Integer maxLineBytes) {

  /** A contract with the default line limit. */
  public SchemaContract(List<FieldRule> fields, Double maxInvalidRatio) {
    this(fields, maxInvalidRatio, null);
  }

  public double maxInvalidRatioOrDefault() {
    return maxInvalidRatio != null
        ? maxInvalidRatio
        : Double.parseDouble(Defaults.MAX_INVALID_RATIO);
  }

  public int maxLineBytesOrDefault() {
    return maxLineBytes != null ? maxLineBytes : Integer.parseInt(Defaults.MAX_LINE_BYTES);
  }
}
