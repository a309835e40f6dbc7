package io.sealstream.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/** Topics without a broker: argument checks, and the timeout when nothing answers. */
class TopicsTest {

  @Test
  void unreachableBroker_failsWithTopicsNotReady_withinTheTimeout() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort))) {
      long start = System.nanoTime();

      assertThatThrownBy(
              () ->
                  Topics.createAndAwait(
                      admin, List.of(TopicSpec.of("never", 1)), Duration.ofMillis(700)))
          .isInstanceOf(TopicsNotReadyException.class)
          .hasMessageStartingWith("topics not ready within PT0.7S: topics [never] were not created");

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void sameNameWithDifferentSpecs_isRejected() {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1"))) {
      List<TopicSpec> topics = List.of(TopicSpec.of("t", 1), TopicSpec.of("t", 2));

      assertThatThrownBy(() -> Topics.createAndAwait(admin, topics, Duration.ofSeconds(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("topic 't' given twice with different specs");
    }
  }

  @Test
  void nonPositiveTimeout_isRejected() {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1"))) {
      assertThatThrownBy(() -> Topics.createAndAwait(admin, List.of(), Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("timeout must be positive, was PT0S");
    }
  }

  @Test
  void noTopics_returnsAtOnce() {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1"))) {
      Topics.createAndAwait(admin, List.of(), Duration.ofSeconds(1));
    }
  }
}
