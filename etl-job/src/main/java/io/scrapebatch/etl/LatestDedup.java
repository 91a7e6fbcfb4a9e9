package io.scrapebatch.etl;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Keeps one row per key: the latest by the ordering field, ties broken by a stable hash of the
 * whole row and then by the row's values, so the survivor never depends on input order or
 * partitioning ({@code dropDuplicates} keeps an arbitrary row). With salt buckets it runs in two
 * phases: the latest per (key, salt) first — spreading a hot key over many tasks — then per key;
 * "latest" is associative, so both give the same rows.
 */
public final class LatestDedup {
  private static final String TIEBREAK = Columns.TIEBREAK;
  private static final String SALT = Columns.SALT;
  private static final String RANK = Columns.RANK;

  private final List<String> keys;
  private final Optional<String> orderBy;
  private final int saltBuckets;

  public LatestDedup(List<String> keys, Optional<String> orderBy, int saltBuckets) {
    this.keys = List.copyOf(keys);
    this.orderBy = orderBy;
    this.saltBuckets = saltBuckets;
  }

  public Dataset<Row> dedupLatest(Dataset<Row> rows) {
    String[] columns = rows.columns();
    Column[] all = List.of(columns).stream().map(c -> col(c)).toArray(Column[]::new);
    Dataset<Row> hashed = rows.withColumn(TIEBREAK, xxhash64(all));
    Dataset<Row> survivors;
    if (saltBuckets >= 2) {
      Dataset<Row> salted = hashed.withColumn(SALT, pmod(col(TIEBREAK), lit(saltBuckets)));
      var saltedKeys = new ArrayList<>(keys);
      saltedKeys.add(SALT);
      survivors = latest(latest(salted, saltedKeys, columns).drop(SALT), keys, columns);
    } else {
      survivors = latest(hashed, keys, columns);
    }
    return survivors.drop(TIEBREAK);
  }

  private Dataset<Row> latest(Dataset<Row> rows, List<String> partitionKeys, String[] columns) {
    Column[] keyColumns = partitionKeys.stream().map(c -> col(c)).toArray(Column[]::new);
    // The window sorts by its partition columns first. A leading 64-bit hash of the key gives that
    // sort an exact 8-byte prefix: rows of different keys compare on the prefix alone, instead of
    // byte by byte on keys such as URLs that all start alike. Same grouping: the hash is a function
    // of the key.
    var partitionBy = new ArrayList<Column>();
    partitionBy.add(xxhash64(keyColumns));
    partitionBy.addAll(List.of(keyColumns));
    var window = Window.partitionBy(partitionBy.toArray(Column[]::new)).orderBy(ordering(columns));
    return rows.withColumn(RANK, row_number().over(window)).where(col(RANK).equalTo(1)).drop(RANK);
  }

  private Column[] ordering(String[] columns) {
    var order = new ArrayList<Column>();
    orderBy.ifPresent(o -> order.add(col(o).desc_nulls_last()));
    order.add(col(TIEBREAK).desc());
    // Only reached on a 64-bit hash collision between different rows: still deterministic.
    for (String c : columns) {
      if (!keys.contains(c) && !orderBy.equals(Optional.of(c))) {
        order.add(col(c).desc_nulls_last());
      }
    }
    return order.toArray(Column[]::new);
  }
}
