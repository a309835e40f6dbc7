package io.sealstream.kafka;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A topic to create: its name, partition count and topic-level configuration. The replication
 * factor is left to the broker's default, so one spec serves a single dev node and a cluster.
 *
 * <p>Immutable and validated on construction; safe to share between threads.
 *
 * @param name a legal Kafka topic name: 1 to 249 characters from {@code [a-zA-Z0-9._-]}, not
 *     {@code "."} or {@code ".."}
 * @param partitions at least 1
 * @param config topic-level settings such as {@code cleanup.policy}; copied, sorted by key
 */
public record TopicSpec(String name, int partitions, Map<String, String> config) {

  private static final int MAX_NAME_LENGTH = 249;
  private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]+");

  public TopicSpec {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "topic name must be 1 to " + MAX_NAME_LENGTH + " characters, was " + name.length());
    }
    if (!LEGAL_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException(
          "topic name must use only [a-zA-Z0-9._-] and not be '.' or '..', was '" + name + "'");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "partitions of topic '" + name + "' must be at least 1, was " + partitions);
    }
    Objects.requireNonNull(config, "config");
    TreeMap<String, String> copy = new TreeMap<>();
    config.forEach(
        (key, value) -> {
          if (key == null || key.isBlank() || value == null) {
            throw new IllegalArgumentException(
                "config of topic '" + name + "' must have non-blank keys and non-null values,"
                    + " was " + key + "=" + value);
          }
          copy.put(key, value);
        });
    config = Collections.unmodifiableMap(copy);
  }

  /** A topic with no topic-level configuration. */
  public static TopicSpec of(String name, int partitions) {
    return new TopicSpec(name, partitions, Map.of());
  }

  /** This spec with one more topic-level setting (replacing an earlier value of the key). */
  public TopicSpec withConfig(String key, String value) {
    TreeMap<String, String> next = new TreeMap<>(config);
    next.put(key, value);
    return new TopicSpec(name, partitions, next);
  }

  NewTopic toNewTopic() {
    return new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(config);
  }
}
