package io.sealstream.keyservice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sealstream.kafka.TopicSpec;
import io.sealstream.kafka.Topics;
import io.sealstream.kafka.testing.KafkaCluster;
import io.sealstream.kafka.testing.KafkaExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Kafka audit sink against a real broker: one record per event, keyed by identity. */
@ExtendWith(KafkaExtension.class)
class KafkaAuditSinkIT {

  @Test
  void events_arriveOnTheTopic_asTheSameJson_keyedByIdentity(KafkaCluster kafka) throws Exception {
    // Given
    String topic = "kms-audit-" + UUID.randomUUID().toString().substring(0, 8);
    try (Admin admin = Admin.create(kafka.clientConfig())) {
      Topics.createAndAwait(admin, List.of(TopicSpec.of(topic, 2)), Duration.ofSeconds(30));
    }
    AuditEvent first = FileAuditLogTest.event("req-1", "ok");
    AuditEvent second =
        new AuditEvent(
            first.time(), "req-2", null, "GET", "/v1/key/list", "list", null, "Unauthenticated", 401, 7);
    // When
    try (KafkaAuditSink sink = KafkaAuditSink.create(kafka.bootstrapServers(), topic, Map.of())) {
      sink.record(first);
      sink.record(second);
      sink.flush();
      assertThat(sink.failures()).isZero();
    }
    // Then
    List<ConsumerRecord<String, String>> records = consume(kafka, topic, 2);
    assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(first.identity(), "-");
    for (ConsumerRecord<String, String> r : records) {
      JsonNode json = Json.MAPPER.readTree(r.value());
      AuditEvent expected = r.key().equals("-") ? second : first;
      assertThat(r.value()).isEqualTo(expected.toJson());
      assertThat(json.get("requestId").asText()).isEqualTo(expected.requestId());
    }
  }

  @Test
  void anUnreachableBroker_neverFailsTheCall_butCountsTheLoss() {
    // Given: nothing listens on port 1
    try (KafkaAuditSink sink =
        KafkaAuditSink.create(
            "127.0.0.1:1", "kms-audit", Map.of("delivery.timeout.ms", 1500, "request.timeout.ms", 1000))) {
      // When
      sink.record(FileAuditLogTest.event("lost", "ok"));
      sink.flush();
      // Then
      assertThat(sink.failures()).isEqualTo(1);
    }
  }

  private static List<ConsumerRecord<String, String>> consume(KafkaCluster kafka, String topic, int n) {
    Map<String, Object> config = new HashMap<>(kafka.clientConfig());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "audit-test-" + UUID.randomUUID());
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (out.size() < n && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }
}
