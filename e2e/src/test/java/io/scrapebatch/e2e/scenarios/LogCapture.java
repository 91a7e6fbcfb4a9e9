package io.scrapebatch.e2e.scenarios;

import java.io.StringWriter;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Everything this JVM logs while open (the in-process operator, the process kubelet, the S3
 * harness), for tests that check what must never be logged.
 */
final class LogCapture implements AutoCloseable {
  private final StringWriter out = new StringWriter();
  private final WriterAppender appender;
  private final LoggerContext context;

  LogCapture() {
    context = (LoggerContext) LogManager.getContext(false);
    appender =
        WriterAppender.newBuilder()
            .setName("capture-" + System.nanoTime())
            .setTarget(out)
            .setLayout(PatternLayout.newBuilder().withPattern("%c %X %m %throwable%n").build())
            .build();
    appender.start();
    context.getConfiguration().getRootLogger().addAppender(appender, null, null);
    context
        .getConfiguration()
        .getLoggers()
        .values()
        .forEach(l -> l.addAppender(appender, null, null));
    context.updateLoggers();
  }

  String text() {
    synchronized (out) {
      return out.toString();
    }
  }

  @Override
  public void close() {
    context.getConfiguration().getRootLogger().removeAppender(appender.getName());
    context
        .getConfiguration()
        .getLoggers()
        .values()
        .forEach(l -> l.removeAppender(appender.getName()));
    context.updateLoggers();
    appender.stop();
  }
}
