package io.scrapebatch.etl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class LatestDedupTest {
  private static final StructType SCHEMA =
      DataTypes.createStructType(
          List.of(
              DataTypes.createStructField("url", DataTypes.StringType, false),
              DataTypes.createStructField("ts", DataTypes.LongType, true),
              DataTypes.createStructField("price", DataTypes.DoubleType, true)));

  private static final List<Row> ROWS =
      List.of(
          RowFactory.create("a", 1L, 10.0),
          RowFactory.create("a", 3L, 30.0),
          RowFactory.create("a", 2L, 20.0),
          RowFactory.create("b", 5L, 1.0),
          // Same key and time, different price: only the tie-break decides.
          RowFactory.create("b", 5L, 2.0),
          RowFactory.create("b", 5L, 3.0),
          RowFactory.create("c", null, 7.0),
          RowFactory.create("c", 4L, 8.0),
          RowFactory.create("d", 1L, 1.0));

  @Test
  void keepsTheLatestVersionPerKey() {
    List<Row> kept = dedup(ROWS, 0, 2);
    assertThat(kept).hasSize(4);
    assertThat(byKey(kept, "a").getDouble(2)).isEqualTo(30.0);
    assertThat(byKey(kept, "c").getLong(1)).as("null ordering value sorts last").isEqualTo(4L);
    assertThat(byKey(kept, "d").getDouble(2)).isEqualTo(1.0);
  }

  @Test
  void tiesResolveIdenticallyWhateverTheInputOrderAndPartitioning() {
    Row expected = byKey(dedup(ROWS, 0, 1), "b");
    var random = new Random(7);
    for (int round = 0; round < 4; round++) {
      var shuffled = new ArrayList<>(ROWS);
      Collections.shuffle(shuffled, random);
      assertThat(dedup(shuffled, 0, 1 + round)).contains(expected);
    }
  }

  @Test
  void saltedTwoPhaseDedupKeepsTheSameRowsAsPlain() {
    var skewed = new ArrayList<Row>(ROWS);
    for (long i = 0; i < 200; i++) {
      skewed.add(RowFactory.create("hot", i % 50, (double) i));
    }
    List<Row> plain = dedup(skewed, 0, 2);
    List<Row> salted = dedup(skewed, 8, 3);
    assertThat(salted).containsExactlyInAnyOrderElementsOf(plain);
    assertThat(byKey(salted, "hot").getLong(1)).isEqualTo(49L);
  }

  @Test
  void withoutOrderingFieldTheHashAloneDecidesStably() {
    var dedup = new LatestDedup(List.of("url"), Optional.empty(), 0);
    Dataset<Row> once = dedup.dedupLatest(frame(ROWS, 1));
    var reversed = new ArrayList<>(ROWS);
    Collections.reverse(reversed);
    Dataset<Row> again = dedup.dedupLatest(frame(reversed, 3));
    assertThat(again.collectAsList()).containsExactlyInAnyOrderElementsOf(once.collectAsList());
  }

  private static List<Row> dedup(List<Row> rows, int saltBuckets, int partitions) {
    return new LatestDedup(List.of("url"), Optional.of("ts"), saltBuckets)
        .dedupLatest(frame(rows, partitions))
        .collectAsList();
  }

  private static Dataset<Row> frame(List<Row> rows, int partitions) {
    return SharedSpark.get().createDataFrame(rows, SCHEMA).repartition(partitions);
  }

  private static Row byKey(List<Row> rows, String key) {
    return rows.stream().filter(r -> r.getString(0).equals(key)).findFirst().orElseThrow();
  }
}
