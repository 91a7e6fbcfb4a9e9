package io.scrapebatch.etl;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.to_date;

import io.scrapebatch.api.v1alpha1.Partitioning;
import org.apache.spark.sql.Column;

/** Derives the table's partition column from a contract field (in the session time zone, UTC). */
public record PartitionColumn(Partitioning partitioning) {

  public String name() {
    return partitioning.column();
  }

  public Column expression() {
    Column source = col(partitioning.field());
    return switch (partitioning.transform()) {
      case DATE -> to_date(source);
      case HOUR -> date_format(source, "yyyy-MM-dd-HH");
      case IDENTITY -> source;
    };
  }
}
