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

  private static final int FIXED = 4;

  public long valid() {
    return read - invalid;
  }

  public static Column isValid() {
    return size(col(Columns.REASONS)).equalTo(0);
  }

  /**
   * Aggregates over validated rows ({@link ContractValidator#withViolations} plus the partition
   * column), in the order {@link #of} reads them.
   */
  static Column[] metrics(List<String> reasonCodes, Optional<String> partitionColumn) {
    Column valid = isValid();
    var aggs = new ArrayList<Column>();
    aggs.add(count(lit(1)).as("read"));
    aggs.add(count(when(col(Columns.CORRUPT).isNotNull(), lit(1))).as("malformed"));
    aggs.add(count(when(valid.unary_$bang(), lit(1))).as("invalid"));
    aggs.add(
        collect_set(partitionColumn.map(p -> when(valid, col(p))).orElse(lit(null)))
            .as("partitions"));
    for (int i = 0; i < reasonCodes.size(); i++) {
      aggs.add(
          count(when(array_contains(col(Columns.REASONS), reasonCodes.get(i)), lit(1)))
              .as("r" + i));
    }
    return aggs.toArray(Column[]::new);
  }

  /** An input without rows. */
  static BatchCounts none() {
    return new BatchCounts(0, 0, 0, Map.of(), List.of());
  }

  static BatchCounts of(Row row, List<String> reasonCodes) {
    var byReason = new LinkedHashMap<String, Long>();
    for (int i = 0; i < reasonCodes.size(); i++) {
      long n = row.getLong(FIXED + i);
      if (n > 0) {
        byReason.put(reasonCodes.get(i), n);
      }
    }
    List<Object> partitions = new ArrayList<>(CollectionConverters.asJava(row.<Object>getSeq(3)));
    return new BatchCounts(row.getLong(0), row.getLong(1), row.getLong(2), byReason, partitions);
  }
}
