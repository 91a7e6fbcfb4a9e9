package io.scrapebatch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** One field of the schema contract and the rules each row's value must satisfy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(self.name.lowerAscii() in " + Patterns.RESERVED_COLUMN_NAMES_CEL + ")",
    message = Patterns.RESERVED_MESSAGE,
    fieldPath = ".name",
    reason = "FieldValueForbidden")
@ValidationRule(
    value = "!has(self.pattern) || self.type == 'string'",
    message = "pattern applies only to string fields",
    fieldPath = ".pattern",
    reason = "FieldValueInvalid")
@ValidationRule(
    value = "!has(self.allowedValues) || self.type == 'string'",
    message = "allowedValues applies only to string fields",
    fieldPath = ".allowedValues",
    reason = "FieldValueInvalid")
@ValidationRule(
    value = "(!has(self.minLength) && !has(self.maxLength)) || self.type == 'string'",
    message = "minLength and maxLength apply only to string fields",
    fieldPath = ".maxLength",
    reason = "FieldValueInvalid")
@ValidationRule(
    value = "!has(self.minLength) || !has(self.maxLength) || self.minLength <= self.maxLength",
    message = "minLength must not exceed maxLength",
    fieldPath = ".minLength",
    reason = "FieldValueInvalid")
@ValidationRule(
    value =
        "(!has(self.minimum) && !has(self.maximum)) || self.type in ['integer', 'long', 'double']",
    message = "minimum and maximum apply only to integer, long and double fields",
    fieldPath = ".minimum",
    reason = "FieldValueInvalid")
@ValidationRule(
    value = "!has(self.minimum) || !has(self.maximum) || self.minimum <= self.maximum",
    message = "minimum must not exceed maximum",
    fieldPath = ".minimum",
    reason = "FieldValueInvalid")
@ValidationRule(
    value = "!has(self.timestampFormat) || self.type == 'timestamp'",
    message = "timestampFormat applies only to timestamp fields",
    fieldPath = ".timestampFormat",
    reason = "FieldValueInvalid")
public record FieldRule(
    @Required
        @Size(max = 63)
        @Pattern(Patterns.COLUMN_NAME)
        @JsonPropertyDescription("The JSON property name; also the column name in the Delta table.")
        String name,
    @Required @JsonPropertyDescription("The value's type.") FieldType type,
    @JsonPropertyDescription("If true, a row without this field (or with null) is invalid.")
        Boolean required,
    @Size(max = 1024)
        @JsonPropertyDescription(
            "An RE2 regular expression a string value must match (anywhere; anchor with ^ and $)."
                + " RE2 matches in linear time: no backreferences, no lookaround.")
        String pattern,
    @JsonPropertyDescription("The smallest allowed value of a numeric field (inclusive).")
        Double minimum,
    @JsonPropertyDescription("The largest allowed value of a numeric field (inclusive).")
        Double maximum,
    @Min(0) @JsonPropertyDescription("The shortest allowed string, in characters.")
        Integer minLength,
    @Min(0) @JsonPropertyDescription("The longest allowed string, in characters.")
        Integer maxLength,
    @Size(min = 1, max = 256) @JsonPropertyDescription("The only values a string field may take.")
        List<@Size(max = 256) String> allowedValues,
    @Size(max = 64)
        @JsonPropertyDescription(
            "Spark datetime pattern of a timestamp field (e.g. yyyy-MM-dd HH:mm:ss). Unset accepts"
                + " ISO-8601.")
        String timestampFormat) {}
