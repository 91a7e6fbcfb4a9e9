package io.scrapebatch.etl;

import io.scrapebatch.api.v1alpha1.Progress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Turns scheduler events into {@link Progress}: the job's step, finished/all tasks of the running
 * stages and input records read. Publishes on every step change and stage start, and at most once
 * per interval on task ends, so a pod annotation sink does not hammer the API server.
 */
public final class ProgressListener extends SparkListener {
  private final ProgressSink sink;
  private final Clock clock;
  private final Duration interval;
  private final Map<Integer, long[]> running = new ConcurrentHashMap<>();
  private final AtomicLong recordsRead = new AtomicLong();
  private volatile String step = "start";
  private Instant lastPublished = Instant.MIN;

  public ProgressListener(ProgressSink sink, Clock clock, Duration interval) {
    this.sink = sink;
    this.clock = clock;
    this.interval = interval;
  }

  /** Called by the pipeline as it moves on (read, validate, quarantine, merge, done). */
  public void step(String name) {
    step = name;
    publish(true);
  }

  @Override
  public void onStageSubmitted(SparkListenerStageSubmitted event) {
    running.put(event.stageInfo().stageId(), new long[] {0, event.stageInfo().numTasks()});
    // A new stage is news (a few per step): whoever follows the job sees it start, not 5 s later.
    publish(true);
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd event) {
    long[] tasks = running.get(event.stageId());
    // Only successes count as done: failed and resubmitted attempts would push done past total.
    if (tasks != null && event.taskInfo().successful()) {
      tasks[0]++;
    }
    if (event.taskMetrics() != null) {
      recordsRead.addAndGet(event.taskMetrics().inputMetrics().recordsRead());
    }
    publish(false);
  }

  @Override
  public void onStageCompleted(SparkListenerStageCompleted event) {
    running.remove(event.stageInfo().stageId());
  }

  public Progress current() {
    long done = 0;
    long total = 0;
    for (long[] tasks : running.values()) {
      done += tasks[0];
      total += tasks[1];
    }
    return new Progress(step, done, total, recordsRead.get(), clock.instant().toString());
  }

  private synchronized void publish(boolean force) {
    Instant now = clock.instant();
    if (force || !now.isBefore(lastPublished.plus(interval))) {
      lastPublished = now;
      sink.publish(current());
    }
  }
}
