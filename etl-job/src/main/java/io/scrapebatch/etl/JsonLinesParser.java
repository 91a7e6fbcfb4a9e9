package io.scrapebatch.etl;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;

import io.scrapebatch.api.v1alpha1.FieldRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Parses JSON lines with an explicit schema taken from the contract — never inference. Every field
 * is read as a string so that a wrongly typed value becomes a {@code type} violation of that field
 * (a typed schema would blank the whole row as malformed); {@link ContractValidator} converts them
 * with {@code try_cast}. Lines that are not a JSON object land in {@link Columns#CORRUPT}
 * (PERMISSIVE mode), and the raw line stays available for the quarantine.
 */
public final class JsonLinesParser {
  private static final Map<String, String> OPTIONS =
      Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", Columns.CORRUPT);

  private final List<FieldRule> fields;

  public JsonLinesParser(List<FieldRule> fields) {
    this.fields = List.copyOf(fields);
  }

  /** The read schema: each contract field as a string, plus the corrupt-record column. */
  public StructType schema() {
    var structFields = new ArrayList<StructField>();
    for (FieldRule f : fields) {
      structFields.add(DataTypes.createStructField(f.name(), DataTypes.StringType, true));
    }
    structFields.add(DataTypes.createStructField(Columns.CORRUPT, DataTypes.StringType, true));
    return DataTypes.createStructType(structFields);
  }

  /**
   * {@code lines(value[, _source_file])} → {@code _raw, _source_file, <fields as strings>,
   * _corrupt_record}.
   */
  public Dataset<Row> parse(Dataset<Row> lines) {
    var out = new ArrayList<Column>();
    out.add(col("value").as(Columns.RAW));
    out.add(
        List.of(lines.columns()).contains(Columns.SOURCE_FILE)
            ? col(Columns.SOURCE_FILE)
            : org.apache.spark.sql.functions.lit(null).cast("string").as(Columns.SOURCE_FILE));
    out.add(from_json(col("value"), schema(), OPTIONS).as("_json"));
    return lines
        .select(out.toArray(Column[]::new))
        .select(col(Columns.RAW), col(Columns.SOURCE_FILE), col("_json.*"));
  }
}
