package io.scrapebatch.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The type a contract field must have; the job reads the column with exactly this type. */
public enum FieldType {
  @JsonProperty("string")
  STRING,
  @JsonProperty("integer")
  INTEGER,
  @JsonProperty("long")
  LONG,
  @JsonProperty("double")
  DOUBLE,
  @JsonProperty("boolean")
  BOOLEAN,
  @JsonProperty("timestamp")
  TIMESTAMP;

  public boolean isNumeric() {
    return this == INTEGER || this == LONG || this == DOUBLE;
  }
}
