package io.scrapebatch.etl.bench;

import static org.apache.spark.sql.functions.call_udf;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.try_to_timestamp;

import io.delta.tables.DeltaTable;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * The job as it is often first written — the baseline of the benchmark: schema inference, a Java
 * UDF for validation, {@code dropDuplicates} and an upsert MERGE. It writes no quarantine.
 */
final class NaiveSparkJob {
  private static final Pattern URL = Pattern.compile("^https?://");
  private static final Pattern CATEGORY = Pattern.compile("^[a-z][a-z0-9_-]*$");
  private static final Set<String> CURRENCIES = Set.of("USD", "EUR", "GBP", "JPY");

  private NaiveSparkJob() {}

  static void run(SparkSession spark, List<String> files, String table) {
    spark
        .udf()
        .register("valid_row", (UDF1<Row, Boolean>) NaiveSparkJob::valid, DataTypes.BooleanType);
    Dataset<Row> raw = spark.read().json(files.toArray(String[]::new));
    Dataset<Row> valid =
        raw.where(
                call_udf(
                    "valid_row",
                    struct(
                        col("url"),
                        col("scraped_at"),
                        col("title"),
                        col("price"),
                        col("currency"),
                        col("stock"),
                        col("category"))))
            .withColumn("scraped_at", try_to_timestamp(col("scraped_at")))
            .withColumn("price", col("price").cast("double"))
            .withColumn("stock", col("stock").cast("int"))
            .withColumn("dt", to_date(col("scraped_at")))
            .select("url", "scraped_at", "title", "price", "currency", "stock", "category", "dt")
            .dropDuplicates("url");
    if (!DeltaTable.isDeltaTable(spark, table)) {
      valid.limit(0).write().format("delta").partitionBy("dt").save(table);
    }
    DeltaTable.forPath(spark, table)
        .as("t")
        .merge(valid.as("s"), "t.url = s.url")
        .whenMatched()
        .updateAll()
        .whenNotMatched()
        .insertAll()
        .execute();
  }

  static Boolean valid(Row r) {
    try {
      String url = str(r, 0);
      String title = str(r, 2);
      String currency = str(r, 4);
      String category = str(r, 6);
      if (url == null || !URL.matcher(url).find() || url.length() > 2048) {
        return false;
      }
      if (str(r, 1) == null) {
        return false;
      }
      Instant.parse(str(r, 1));
      if (title == null || title.isEmpty() || title.length() > 512) {
        return false;
      }
      double price = Double.parseDouble(str(r, 3));
      if (price < 0 || price > 1_000_000) {
        return false;
      }
      if (currency == null || !CURRENCIES.contains(currency)) {
        return false;
      }
      if (str(r, 5) != null && Integer.parseInt(str(r, 5)) < 0) {
        return false;
      }
      return category != null && CATEGORY.matcher(category).find();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String str(Row r, int i) {
    return r.isNullAt(i) ? null : r.get(i).toString();
  }
}
