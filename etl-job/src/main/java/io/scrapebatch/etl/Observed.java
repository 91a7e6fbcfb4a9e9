package io.scrapebatch.etl;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import scala.concurrent.Await;
import scala.concurrent.duration.FiniteDuration;

/**
 * Aggregates computed while an action runs ({@code Dataset.observe}) instead of by a pass of their
 * own. Spark reports them to the driver after the action, through the listener bus.
 */
final class Observed {
  /** Metrics reach the driver asynchronously after the action returns; they take milliseconds. */
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final Observation observation;
  private final Dataset<Row> rows;

  private Observed(Observation observation, Dataset<Row> rows) {
    this.observation = observation;
    this.rows = rows;
  }

  static Observed of(Dataset<Row> rows, String name, Column... metrics) {
    var observation = new Observation(name);
    return new Observed(
        observation,
        rows.observe(
            observation, metrics[0], java.util.Arrays.copyOfRange(metrics, 1, metrics.length)));
  }

  /** The rows, with the metrics collected when an action runs over them. */
  Dataset<Row> rows() {
    return rows;
  }

  /**
   * The metrics of the first action that ran over {@link #rows}; fails when no action did. Empty
   * when Spark left the observation out of the plan, which it does only after proving its input
   * empty (adaptive execution drops an operator over an empty query stage): no rows.
   */
  Optional<Row> await() {
    Row row;
    try {
      row =
          Await.result(
              observation.future(), FiniteDuration.apply(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "no metrics '" + observation.name() + "' within " + WAIT + ": no action ran over them",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for metrics", e);
    }
    return row.length() == 0 ? Optional.empty() : Optional.of(row);
  }

  /** The first metric as a count; 0 when the observed rows were proven empty. */
  long awaitCount() {
    return await().map(r -> r.getLong(0)).orElse(0L);
  }
}
