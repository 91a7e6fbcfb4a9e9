package io.scrapebatch.etl;

import io.scrapebatch.api.v1alpha1.StageSkew;
import java.util.List;

/**
 * What one finished Spark stage cost: task-time spread (skew) and bytes shuffled.
 *
 * @param tasks task attempts that ended, failed ones included
 * @param completedTasks task attempts that succeeded: the baseline the median is taken over
 * @param maxTaskMillis the slowest attempt, a failed one included (the task that ran its executor
 *     out of memory is the one skew is about)
 * @param medianTaskMillis the median of the completed attempts; 0 when none completed
 */
public record StageStats(
    int stageId,
    String name,
    int tasks,
    int completedTasks,
    long maxTaskMillis,
    long medianTaskMillis,
    long inputBytes,
    long shuffleReadBytes,
    long shuffleWriteBytes) {

  /**
   * Failed attempts count for the slowest task but not for the median: the attempts an executor's
   * death cut short (or that a dying executor rejected at once) say nothing about what a normal
   * task of the stage costs.
   */
  public static StageStats of(
      int stageId,
      String name,
      List<Long> completedMillis,
      List<Long> failedMillis,
      long inputBytes,
      long shuffleReadBytes,
      long shuffleWriteBytes) {
    List<Long> sorted = completedMillis.stream().sorted().toList();
    long median = sorted.isEmpty() ? 0 : sorted.get((sorted.size() - 1) / 2);
    long max =
        Math.max(
            sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1),
            failedMillis.stream().mapToLong(Long::longValue).max().orElse(0));
    return new StageStats(
        stageId,
        name,
        sorted.size() + failedMillis.size(),
        sorted.size(),
        max,
        median,
        inputBytes,
        shuffleReadBytes,
        shuffleWriteBytes);
  }

  /**
   * max / median task time; 1 when the median is 0 ms (too short to tell, or nothing completed).
   */
  public double skewRatio() {
    return medianTaskMillis == 0 ? 1.0 : (double) maxTaskMillis / medianTaskMillis;
  }

  public StageSkew toSkew() {
    return new StageSkew(
        stageId, name, maxTaskMillis, medianTaskMillis, Math.round(skewRatio() * 100) / 100.0);
  }
}
