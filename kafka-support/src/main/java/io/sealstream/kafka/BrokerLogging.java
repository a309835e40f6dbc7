package io.sealstream.kafka;

import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Turns the broker's INFO chatter (full config dumps, every partition state change) down to
 * WARN, unless the application's log4j2 configuration names those loggers itself.
 */
final class BrokerLogging {

  /** Kafka's broker loggers: Scala classes under kafka.*, Java under org.apache.kafka.*. */
  static final List<String> BROKER_LOGGERS =
      List.of("kafka", "org.apache.kafka", "state.change.logger");

  private BrokerLogging() {}

  static void quiet() {
    // Another log4j-api backend (log4j-to-slf4j, say) is configured elsewhere: leave it alone.
    if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
      return;
    }
    var configured = context.getConfiguration().getLoggers().keySet();
    for (String name : BROKER_LOGGERS) {
      if (!configured.contains(name)) {
        Configurator.setLevel(name, Level.WARN);
      }
    }
  }
}
