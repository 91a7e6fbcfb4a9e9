package io.scrapebatch.etl;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The counts of one validated batch, observed while the input is scanned once (no pass of their
 * own): lines, malformed and invalid rows, rows per reason code, and the batch's partition values
 * for pruning the MERGE.
 */
public record BatchCounts(
    long read,
    long malformed,
    long invalid,
    Map<String, Long> invalidByReason,
    List<Object> partitionValues) {

  private static final String READ = "read";
  private static final String MALFORMED = "malformed";
  private static final String INVALID = "invalid";
  private static final String PARTITIONS = "partitions";

  /** Prefix of each reason code's count; the code follows it. */
  private static final String REASON = "reason:";

  public long valid() {
    return read - invalid;
  }

  public static Column isValid() {
    return size(col(Columns.REASONS)).equalTo(0);
  }

  /**
   * Aggregates over validated rows ({@link ContractValidator#withViolations} plus the partition
   * column), each named for {@link #of} to read it back by its name.
   */
  static Column[] metrics(List<String> reasonCodes, Optional<String> partitionColumn) {
    Column valid = isValid();
    var aggs = new ArrayList<Column>();
    aggs.add(count(lit(1)).as(READ));
    aggs.add(count(when(col(Columns.CORRUPT).isNotNull(), lit(1))).as(MALFORMED));
    aggs.add(count(when(valid.unary_$bang(), lit(1))).as(INVALID));
    aggs.add(
        collect_set(partitionColumn.map(p -> when(valid, col(p))).orElse(lit(null)))
            .as(PARTITIONS));
    for (String code : reasonCodes) {
      aggs.add(count(when(array_contains(col(Columns.REASONS), code), lit(1))).as(REASON + code));
    }
    return aggs.toArray(Column[]::new);
  }

  /** An input without rows. */
  static BatchCounts none() {
    return new BatchCounts(0, 0, 0, Map.of(), List.of());
  }

  /** The counts from the row of {@link #metrics}, by name; reasons no row violated are left out. */
  static BatchCounts of(Row row) {
    var byReason = new LinkedHashMap<String, Long>();
    for (String name : row.schema().fieldNames()) {
      long n = name.startsWith(REASON) ? row.<Long>getAs(name) : 0;
      if (n > 0) {
        byReason.put(name.substring(REASON.length()), n);
      }
    }
    List<Object> partitions =
        new ArrayList<>(
            CollectionConverters.asJava(row.<scala.collection.Seq<Object>>getAs(PARTITIONS)));
    return new BatchCounts(
        row.<Long>getAs(READ),
        row.<Long>getAs(MALFORMED),
        row.<Long>getAs(INVALID),
        byReason,
        partitions);
  }
}
