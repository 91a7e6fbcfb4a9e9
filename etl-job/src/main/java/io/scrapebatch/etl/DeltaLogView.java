package io.scrapebatch.etl;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.CommitInfo;
import scala.Option;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;
import scala.jdk.javaapi.OptionConverters;

/**
 * What the job needs to know about a Delta table — its version, partition columns, one commit's
 * metrics — read from the transaction log on the driver. {@code DeltaTable.history()} and {@code
 * detail()} answer the same questions but each runs a Spark job (and planning) per call; a run
 * asked them about ten times. This is the one class that uses Delta's {@code DeltaLog} (not part of
 * Delta's documented API; the job pins the Delta version).
 */
final class DeltaLogView {
  private final SparkSession spark;

  DeltaLogView(SparkSession spark) {
    this.spark = spark;
  }

  /** A commit's version, operation metrics and user metadata. */
  record Commit(long version, Map<String, String> metrics, Optional<String> userMetadata) {
    Optional<Long> metric(String name) {
      return Optional.ofNullable(metrics.get(name)).map(Long::parseLong);
    }

    /** The metrics that are counts. */
    Map<String, Long> longMetrics() {
      var counts = new java.util.HashMap<String, Long>();
      metrics.forEach(
          (k, v) -> {
            try {
              counts.put(k, Long.parseLong(v));
            } catch (NumberFormatException e) {
              // not a count
            }
          });
      return Map.copyOf(counts);
    }
  }

  /** The latest version; empty when there is no Delta table at {@code table}. */
  Optional<Long> version(String table) {
    long version = snapshot(table).version();
    return version < 0 ? Optional.empty() : Optional.of(version);
  }

  /** Bytes of log (commits and checkpoint) a snapshot of the table replays; 0 when absent. */
  long logBytes(String table) {
    Snapshot snapshot = snapshot(table);
    return snapshot.version() < 0
        ? 0
        : snapshot.deltaFileSizeInBytes() + snapshot.checkpointSizeInBytes();
  }

  List<String> partitionColumns(String table) {
    return CollectionConverters.asJava(snapshot(table).metadata().partitionColumns());
  }

  /**
   * The first commit after {@code version} whose user metadata satisfies {@code tagged}: the commit
   * a writer made, found by the id it put there — other writers' commits may come before and after
   * it.
   */
  Optional<Commit> commitAfter(String table, long version, Predicate<String> tagged) {
    long latest = version(table).orElse(-1L);
    if (latest <= version) {
      return Optional.empty();
    }
    var changes =
        DeltaLog.forTable(spark, table).getChanges(version + 1, latest, Option.empty(), true);
    while (changes.hasNext()) {
      Tuple2<Object, scala.collection.immutable.Seq<Action>> entry = changes.next();
      long v = (Long) entry._1();
      for (Action action : CollectionConverters.asJava(entry._2())) {
        if (action instanceof CommitInfo info) {
          Optional<String> metadata = OptionConverters.toJava(info.userMetadata());
          if (metadata.filter(tagged).isPresent()) {
            Map<String, String> metrics =
                OptionConverters.toJava(info.operationMetrics())
                    .map(CollectionConverters::asJava)
                    .orElse(Map.of());
            return Optional.of(new Commit(v, Map.copyOf(metrics), metadata));
          }
        }
      }
    }
    return Optional.empty();
  }

  private Snapshot snapshot(String table) {
    return DeltaLog.forTable(spark, table).update(false, Option.empty(), Option.empty());
  }
}
