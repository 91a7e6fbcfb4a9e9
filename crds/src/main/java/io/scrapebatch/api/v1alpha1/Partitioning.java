package io.scrapebatch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Locale;

/** A partition column of the target table, derived from a contract field. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.column) || !(self.column.lowerAscii() in "
            + Patterns.RESERVED_COLUMN_NAMES_CEL
            + ")",
    message = Patterns.RESERVED_MESSAGE,
    fieldPath = ".column",
    reason = "FieldValueForbidden")
public record Partitioning(
    @Size(max = 63)
        @Pattern(Patterns.COLUMN_NAME)
        @Default(Defaults.PARTITION_COLUMN)
        @JsonPropertyDescription("The partition column's name.")
        String column,
    @Required
        @Size(max = 63)
        @Pattern(Patterns.COLUMN_NAME)
        @JsonPropertyDescription("The contract field the partition value is derived from.")
        String field,
    @Default(Defaults.PARTITION_TRANSFORM)
        @JsonPropertyDescription(
            "date: the field's day (yyyy-MM-dd); hour: its hour; identity: the value itself.")
        PartitionTransform transform) {

  public String columnOrDefault() {
    return column != null ? column : Defaults.PARTITION_COLUMN;
  }

  public PartitionTransform transformOrDefault() {
    return transform != null
        ? transform
        : PartitionTransform.valueOf(Defaults.PARTITION_TRANSFORM.toUpperCase(Locale.ROOT));
  }
}
