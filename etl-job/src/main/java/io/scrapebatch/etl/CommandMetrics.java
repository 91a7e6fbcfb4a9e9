package io.scrapebatch.etl;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.plans.logical.CommandResult;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.metric.SQLMetric;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The metrics of a command that ran eagerly (a Delta MERGE): read from the executed command's own
 * plan, so they are this execution's figures whether or not it committed, and whatever other
 * writers committed meanwhile. Spark keeps them in {@link CommandResult} (internal, but stable
 * since Spark 3.2; the job pins the Spark version, and a test fails if the shape changes).
 */
final class CommandMetrics {
  private CommandMetrics() {}

  /** Metric name → value; empty when the result carries no executed command. */
  static Map<String, Long> of(Dataset<Row> result) {
    if (!(result instanceof org.apache.spark.sql.classic.Dataset<Row> classic)
        || !(classic.queryExecution().commandExecuted() instanceof CommandResult command)) {
      return Map.of();
    }
    var values = new HashMap<String, Long>();
    collect(command.commandPhysicalPlan(), values);
    return Map.copyOf(values);
  }

  private static void collect(SparkPlan plan, Map<String, Long> values) {
    for (Map.Entry<String, SQLMetric> m : CollectionConverters.asJava(plan.metrics()).entrySet()) {
      values.putIfAbsent(m.getKey(), m.getValue().value());
    }
    for (SparkPlan child : CollectionConverters.asJava(plan.children())) {
      collect(child, values);
    }
  }
}
