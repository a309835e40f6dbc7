package io.sealstream.keyservice;

import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Everything logged through log4j (slf4j binds to it in tests) while open, at every level, with
 * stack traces, as one string. log4j2-test.xml keeps io.sealstream at TRACE.
 */
final class LogCapture implements AutoCloseable {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final StringWriter text = new StringWriter();
  private final LoggerContext context;
  private final WriterAppender appender;

  private LogCapture() {
    context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    appender =
        WriterAppender.newBuilder()
            .setName("capture-" + COUNTER.incrementAndGet())
            .setTarget(text)
            .setLayout(
                PatternLayout.newBuilder()
                    .withPattern("%level %logger %msg %throwable%n")
                    .withConfiguration(config)
                    .build())
            .build();
    appender.start();
    config.addAppender(appender);
    config.getRootLogger().addAppender(appender, Level.ALL, null);
    context.updateLoggers();
  }

  static LogCapture start() {
    return new LogCapture();
  }

  String text() {
    synchronized (text) {
      return text.toString();
    }
  }

  @Override
  public void close() {
    context.getConfiguration().getRootLogger().removeAppender(appender.getName());
    appender.stop();
    context.updateLoggers();
  }
}
