package io.scrapebatch.etl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/** Collects per-stage task times and shuffle bytes for the report's skew figures. */
public final class StageMetricsListener extends SparkListener {
  private final Map<Integer, Tasks> open = new ConcurrentHashMap<>();
  private final List<StageStats> finished = new ArrayList<>();

  private static final class Tasks {
    final List<Long> completed = new ArrayList<>();
    final List<Long> failed = new ArrayList<>();
    long inputBytes;
    long shuffleRead;
    long shuffleWrite;
  }

  /**
   * A task whose executor died (the skewed task that ran out of memory, typically) has no metrics;
   * its wall time still counts, or the worst task would be missing from the skew figures.
   */
  @Override
  public void onTaskEnd(SparkListenerTaskEnd event) {
    TaskMetrics m = event.taskMetrics();
    Tasks tasks = open.computeIfAbsent(event.stageId(), id -> new Tasks());
    if (!event.taskInfo().successful()) {
      tasks.failed.add(event.taskInfo().duration());
      return;
    }
    if (m == null || m.executorRunTime() == 0) {
      tasks.completed.add(event.taskInfo().duration());
      return;
    }
    tasks.completed.add(m.executorRunTime());
    tasks.inputBytes += m.inputMetrics().bytesRead();
    tasks.shuffleRead += m.shuffleReadMetrics().totalBytesRead();
    tasks.shuffleWrite += m.shuffleWriteMetrics().bytesWritten();
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted event) {
    int id = event.stageInfo().stageId();
    Tasks tasks = open.remove(id);
    if (tasks == null) {
      return;
    }
    StageStats stats =
        StageStats.of(
            id,
            event.stageInfo().name(),
            tasks.completed,
            tasks.failed,
            tasks.inputBytes,
            tasks.shuffleRead,
            tasks.shuffleWrite);
    synchronized (finished) {
      finished.add(stats);
    }
  }

  public List<StageStats> stages() {
    synchronized (finished) {
      return List.copyOf(finished);
    }
  }

  /**
   * The most skewed stage with at least two tasks, one of them completed (a single task has no
   * spread, and without a completed task there is no baseline); ties go to the one with the longest
   * task, which is the one worth salting for.
   */
  public Optional<StageStats> worst() {
    return stages().stream()
        .filter(s -> s.tasks() >= 2 && s.completedTasks() >= 1)
        .max(
            Comparator.comparingDouble(StageStats::skewRatio)
                .thenComparingLong(StageStats::maxTaskMillis));
  }
}
