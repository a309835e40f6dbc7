package io.sealstream.kafka;

import static io.sealstream.kafka.TestClients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.sealstream.kafka.testing.KafkaCluster;
import io.sealstream.kafka.testing.KafkaExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
class ProduceConsumeIT {

  private static final int RECORDS = 200;
  private static final int RECORD_SIZE = 64 * 1024;

  @Test
  void idempotentProducer_toJustCreatedTopic_delivers200RecordsOf64KiB_readCommitted(
      KafkaCluster kafka) throws Exception {
    // Given a 4-partition topic created a moment ago (the KAFKA-15591 window)
    String topic = TestClients.unique("produce-consume");
    try (Admin admin = Admin.create(kafka.clientConfig())) {
      Topics.createAndAwait(admin, List.of(TopicSpec.of(topic, 4)), TIMEOUT);
    }

    // When an idempotent acks=all producer sends 200 records of 64 KiB, every callback checked
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    try (KafkaProducer<Integer, byte[]> producer =
        new KafkaProducer<>(TestClients.producer(kafka.bootstrapServers()))) {
      for (int i = 0; i < RECORDS; i++) {
        sends.add(producer.send(new ProducerRecord<>(topic, i, TestClients.payload(i, RECORD_SIZE))));
      }
      producer.flush();
      for (Future<RecordMetadata> send : sends) {
        send.get();
      }
    }

    // Then a read_committed consumer in a group gets each of them exactly once, byte for byte
    Map<Integer, byte[]> received = new TreeMap<>();
    int delivered = 0;
    Map<String, Object> config = TestClients.consumer(kafka.bootstrapServers(), "read_committed");
    config.put(ConsumerConfig.GROUP_ID_CONFIG, TestClients.unique("group"));
    try (KafkaConsumer<Integer, byte[]> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (received.size() < RECORDS && System.nanoTime() < deadline) {
        for (ConsumerRecord<Integer, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          received.put(record.key(), record.value());
          delivered++;
        }
      }
      consumer.commitSync();
    }
    assertThat(delivered).isEqualTo(RECORDS);
    assertThat(received).hasSize(RECORDS);
    received.forEach(
        (key, value) -> assertThat(value).isEqualTo(TestClients.payload(key, RECORD_SIZE)));
  }
}
