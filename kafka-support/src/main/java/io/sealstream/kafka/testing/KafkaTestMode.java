package io.sealstream.kafka.testing;

import io.sealstream.kafka.testing.KafkaCluster.Kind;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/** The values of {@code -Dkafka.test.mode}, and which broker each one picks. */
enum KafkaTestMode {
  AUTO,
  EXTERNAL,
  TESTCONTAINERS,
  EMBEDDED;

  /** Blank or absent means {@link #AUTO}; otherwise one of the names, in any case. */
  static KafkaTestMode parse(String value) {
    if (value == null || value.isBlank()) {
      return AUTO;
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          KafkaExtension.MODE_PROPERTY + " must be one of "
              + Arrays.toString(values()).toLowerCase(Locale.ROOT) + ", was '" + value + "'");
    }
  }

  /**
   * The broker to use. {@code AUTO}: the external broker if {@code -Dkafka.bootstrap} is given,
   * else Testcontainers if Docker answers, else embedded. The Docker probe runs only in that
   * last case.
   */
  Kind choose(String bootstrap, BooleanSupplier dockerAvailable) {
    boolean hasBootstrap = bootstrap != null && !bootstrap.isBlank();
    switch (this) {
      case EXTERNAL:
        if (!hasBootstrap) {
          throw new IllegalArgumentException(
              KafkaExtension.MODE_PROPERTY + "=external needs -D" + KafkaExtension.BOOTSTRAP_PROPERTY
                  + "=host:port");
        }
        return Kind.EXTERNAL;
      case TESTCONTAINERS:
        return Kind.TESTCONTAINERS;
      case EMBEDDED:
        return Kind.EMBEDDED;
      case AUTO:
      default:
        if (hasBootstrap) {
          return Kind.EXTERNAL;
        }
        return dockerAvailable.getAsBoolean() ? Kind.TESTCONTAINERS : Kind.EMBEDDED;
    }
  }
}
