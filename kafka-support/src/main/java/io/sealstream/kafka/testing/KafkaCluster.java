package io.sealstream.kafka.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The Kafka cluster a test runs against, as {@link KafkaExtension} resolves it.
 *
 * @param bootstrapServers for {@code bootstrap.servers}
 * @param kind where the broker runs
 */
public record KafkaCluster(String bootstrapServers, Kind kind) {

  /** Where the broker runs. */
  public enum Kind {
    /** Already running; named by {@code -Dkafka.bootstrap}. */
    EXTERNAL,
    /** A Testcontainers {@code KafkaContainer}, stopped at the end of the test run. */
    TESTCONTAINERS,
    /** An {@code EmbeddedKafkaBroker} in the test JVM, closed at the end of the test run. */
    EMBEDDED
  }

  public KafkaCluster {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(kind, "kind");
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers must not be blank");
    }
  }

  /** A fresh mutable client configuration holding only {@code bootstrap.servers}. */
  public Map<String, Object> clientConfig() {
    return new HashMap<>(Map.of("bootstrap.servers", bootstrapServers));
  }
}
