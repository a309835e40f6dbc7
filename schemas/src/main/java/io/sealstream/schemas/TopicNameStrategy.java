package io.sealstream.schemas;

import java.util.Objects;

/**
 * Confluent's default subject naming: a topic's key schema is registered under {@code
 * <topic>-key}, its value schema under {@code <topic>-value}. Registries that other tools also
 * read (Confluent, Karapace, Redpanda) expect exactly these names.
 */
public final class TopicNameStrategy {
  private TopicNameStrategy() {}

  /** {@code <topic>-key} or {@code <topic>-value}. */
  public static String subject(String topic, boolean isKey) {
    Objects.requireNonNull(topic, "topic");
    return topic + (isKey ? "-key" : "-value");
  }

  public static String keySubject(String topic) {
    return subject(topic, true);
  }

  public static String valueSubject(String topic) {
    return subject(topic, false);
  }
}
