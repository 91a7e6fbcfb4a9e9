package io.scrapebatch.etl;

import io.scrapebatch.api.v1alpha1.StageSkew;
import java.util.List;

/** What one finished Spark stage cost: task-time spread (skew) and bytes shuffled. */
public record StageStats(
    int stageId,
    String name,
    int tasks,
    long maxTaskMillis,
    long medianTaskMillis,
    long inputBytes,
    long shuffleReadBytes,
    long shuffleWriteBytes) {

  public static StageStats of(
      int stageId,
      String name,
      List<Long> taskMillis,
      long inputBytes,
      long shuffleReadBytes,
      long shuffleWriteBytes) {
    List<Long> sorted = taskMillis.stream().sorted().toList();
    long max = sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1);
    long median = sorted.isEmpty() ? 0 : sorted.get((sorted.size() - 1) / 2);
    return new StageStats(
        stageId, name, sorted.size(), max, median, inputBytes, shuffleReadBytes, shuffleWriteBytes);
  }

  /** max / median task time; 1 when the median is 0 ms (too short to tell). */
  public double skewRatio() {
    return medianTaskMillis == 0 ? 1.0 : (double) maxTaskMillis / medianTaskMillis;
  }

  public StageSkew toSkew() {
    return new StageSkew(
        stageId, name, maxTaskMillis, medianTaskMillis, Math.round(skewRatio() * 100) / 100.0);
  }
}
