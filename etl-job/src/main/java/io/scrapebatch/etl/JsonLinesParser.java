package io.scrapebatch.etl;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.is_valid_utf8;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.octet_length;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

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
 * with {@code try_cast}. A line that is no record gets a {@link LineDefect} in {@link
 * Columns#CORRUPT}: one above the contract's byte limit or not UTF-8 is never handed to the parser,
 * and one that is not a JSON object is caught by it (PERMISSIVE mode). Blank lines are dropped. The
 * raw line stays available for the quarantine.
 */
public final class JsonLinesParser {
  /**
   * What the quarantine keeps of a line too long to parse: enough to tell what it was, little
   * enough that a file of such lines cannot blow up the quarantine.
   */
  static final int KEPT_CHARS_OF_LONG_LINE = 4096;

  private static final Map<String, String> OPTIONS =
      Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", Columns.JSON_CORRUPT);

  private final List<FieldRule> fields;
  private final int maxLineBytes;

  public JsonLinesParser(List<FieldRule> fields, int maxLineBytes) {
    this.fields = List.copyOf(fields);
    this.maxLineBytes = maxLineBytes;
  }

  /** The read schema: each contract field as a string, plus the parser's corrupt-record column. */
  public StructType schema() {
    var structFields = new ArrayList<StructField>();
    for (FieldRule f : fields) {
      structFields.add(DataTypes.createStructField(f.name(), DataTypes.StringType, true));
    }
    structFields.add(DataTypes.createStructField(Columns.JSON_CORRUPT, DataTypes.StringType, true));
    return DataTypes.createStructType(structFields);
  }

  /**
   * {@code lines(value[, $source_file])} → {@code $raw, $source_file, <fields as strings>,
   * $corrupt}.
   */
  public Dataset<Row> parse(Dataset<Row> lines) {
    Column value = col("value");
    // The length first: UTF8String knows its byte count, so a long line costs nothing more here.
    Column tooLong = octet_length(value).gt(maxLineBytes);
    Column unparsed =
        when(tooLong, lit(LineDefect.LINE_TOO_LONG.code()))
            .when(not(is_valid_utf8(value)), lit(LineDefect.INVALID_UTF8.code()));
    var out = new ArrayList<Column>();
    out.add(
        when(tooLong, substring(value, 1, KEPT_CHARS_OF_LONG_LINE))
            .otherwise(value)
            .as(Columns.RAW));
    out.add(
        List.of(lines.columns()).contains(Columns.SOURCE_FILE)
            ? col(Columns.SOURCE_FILE)
            : lit(null).cast("string").as(Columns.SOURCE_FILE));
    out.add(unparsed.as(Columns.UNPARSED));
    out.add(when(unparsed.isNull(), from_json(value, schema(), OPTIONS)).as(Columns.JSON));

    Column json = col(Columns.JSON);
    var parsed = new ArrayList<Column>();
    parsed.add(col(Columns.RAW));
    parsed.add(col(Columns.SOURCE_FILE));
    for (FieldRule f : fields) {
      parsed.add(json.getField(f.name()).as(f.name()));
    }
    Column malformed = json.getField(Columns.JSON_CORRUPT).isNotNull();
    parsed.add(
        coalesce(col(Columns.UNPARSED), when(malformed, lit(LineDefect.MALFORMED.code())))
            .as(Columns.CORRUPT));
    // The parser finds no value at all only in a blank line (JSON whitespace: space, tab, CR, LF),
    // which is no record, as Spark's own JSON reader skips it. Dropped here rather than trimmed
    // before parsing: trimming copies the line, several times over for a long one.
    Column blank = json.isNull().and(col(Columns.UNPARSED).isNull());
    return lines
        .select(out.toArray(Column[]::new))
        .where(not(blank))
        .select(parsed.toArray(Column[]::new));
  }
}
