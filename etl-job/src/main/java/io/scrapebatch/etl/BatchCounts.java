package io.scrapebatch.etl;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The counts of one validated batch, measured in a single pass (which also fills the cache the
 * later steps read): lines, malformed and invalid rows, rows per reason code, distinct keys among
 * valid rows — what the deduplication must keep — and the batch's partition values for pruning.
 */
public record BatchCounts(
    long read,
    long malformed,
    long invalid,
    long distinctValidKeys,
    Map<String, Long> invalidByReason,
    List<Object> partitionValues) {

  public long valid() {
    return read - invalid;
  }

  public static Column isValid() {
    return size(col(Columns.REASONS)).equalTo(0);
  }

  public static BatchCounts measure(
      Dataset<Row> validated,
      List<String> reasonCodes,
      List<String> keys,
      Optional<String> partitionColumn) {
    Column valid = isValid();
    var aggs = new ArrayList<Column>();
    aggs.add(count(lit(1)));
    aggs.add(count(when(col(Columns.CORRUPT).isNotNull(), lit(1))));
    aggs.add(count(when(valid.unary_$bang(), lit(1))));
    Column[] validKeys = keys.stream().map(k -> when(valid, col(k))).toArray(Column[]::new);
    aggs.add(
        count_distinct(validKeys[0], java.util.Arrays.copyOfRange(validKeys, 1, validKeys.length)));
    aggs.add(collect_set(partitionColumn.map(p -> when(valid, col(p))).orElse(lit(null))));
    for (String code : reasonCodes) {
      aggs.add(count(when(array_contains(col(Columns.REASONS), code), lit(1))));
    }
    Row row =
        validated.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).head();
    var byReason = new LinkedHashMap<String, Long>();
    for (int i = 0; i < reasonCodes.size(); i++) {
      long n = row.getLong(5 + i);
      if (n > 0) {
        byReason.put(reasonCodes.get(i), n);
      }
    }
    List<Object> partitions = new ArrayList<>(CollectionConverters.asJava(row.<Object>getSeq(4)));
    return new BatchCounts(
        row.getLong(0), row.getLong(1), row.getLong(2), row.getLong(3), byReason, partitions);
  }
}
