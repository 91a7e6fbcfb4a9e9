package io.scrapebatch.etl;

import io.scrapebatch.api.v1alpha1.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs progress lines; the default sink for a standalone run. */
public final class LoggingProgressSink implements ProgressSink {
  private static final Logger LOG = LoggerFactory.getLogger(LoggingProgressSink.class);

  @Override
  public void publish(Progress p) {
    LOG.info(
        "progress step={} tasks={}/{} recordsRead={}",
        p.step(),
        p.tasksDone(),
        p.tasksTotal(),
        p.recordsRead());
  }
}
