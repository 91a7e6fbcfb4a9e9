package io.scrapebatch.etl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class ScopedConfTest {
  private static final String KEY = "spark.sql.optimizer.windowGroupLimitThreshold";

  private final SparkSession spark = SharedSpark.get();

  @Test
  void aDefaultAppliesInsideTheScopeAndStaysADefaultAfterIt() {
    spark.conf().unset(KEY);
    try (var scope = ScopedConf.defaults(spark, Map.of(KEY, "-1"))) {
      assertThat(spark.conf().get(KEY)).isEqualTo("-1");
    }
    assertThat(spark.conf().contains(KEY))
        .as("unset again, not pinned to Spark's default")
        .isFalse();
    try (var again = ScopedConf.defaults(spark, Map.of(KEY, "-1"))) {
      assertThat(spark.conf().get(KEY)).as("a second scope applies it too").isEqualTo("-1");
    }
  }

  @Test
  void aValueTheSessionSetsWins() {
    spark.conf().set(KEY, "7");
    try {
      try (var scope = ScopedConf.defaults(spark, Map.of(KEY, "-1"))) {
        assertThat(spark.conf().get(KEY)).isEqualTo("7");
      }
      assertThat(spark.conf().get(KEY)).isEqualTo("7");
    } finally {
      spark.conf().unset(KEY);
    }
  }

  @Test
  void aForcedValueIsRestoredToTheSessionsOwn() {
    spark.conf().set(KEY, "7");
    try {
      try (var scope = ScopedConf.set(spark, Map.of(KEY, "-1"))) {
        assertThat(spark.conf().get(KEY)).isEqualTo("-1");
      }
      assertThat(spark.conf().get(KEY)).isEqualTo("7");
    } finally {
      spark.conf().unset(KEY);
    }
  }
}
