package io.sealstream.kafka;

import static io.sealstream.kafka.TestClients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Brokers of its own, beside the extension's shared one. */
class EmbeddedKafkaBrokerIT {

  private static final int RECORDS = 20;

  @Test
  void restart_onTheSameDataDirectory_keepsTheClusterIdAndTheRecords(@TempDir Path data)
      throws Exception {
    // Given a broker on a persistent directory, with a topic holding 20 records
    String topic = TestClients.unique("durable");
    String clusterId;
    int brokerPort;
    int controllerPort;
    try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.builder().dataDirectory(data).build()) {
      first.start();
      clusterId = first.clusterId();
      brokerPort = first.brokerPort();
      controllerPort = first.controllerPort();
      try (Admin admin = Admin.create(TestClients.admin(first.bootstrapServers()))) {
        Topics.createAndAwait(admin, List.of(TopicSpec.of(topic, 2)), TIMEOUT);
      }
      try (KafkaProducer<Integer, byte[]> producer =
          new KafkaProducer<>(TestClients.producer(first.bootstrapServers()))) {
        for (int i = 0; i < RECORDS; i++) {
          producer.send(new ProducerRecord<>(topic, i, TestClients.payload(i, 4096))).get();
        }
      }
    }
    assertThat(data.resolve("meta.properties")).exists();

    // When a new broker starts on the same directory and ports (what `sealstream up` does)
    try (EmbeddedKafkaBroker second =
        EmbeddedKafkaBroker.builder()
            .dataDirectory(data)
            .brokerPort(brokerPort)
            .controllerPort(controllerPort)
            .build()) {
      second.start();

      // Then it is the same cluster, and every record is still there
      assertThat(second.clusterId()).isEqualTo(clusterId);
      List<ConsumerRecord<Integer, byte[]>> records =
          TestClients.readAll(second.bootstrapServers(), topic, "read_committed");
      assertThat(records).hasSize(RECORDS);
      records.forEach(
          record -> assertThat(record.value()).isEqualTo(TestClients.payload(record.key(), 4096)));
    }
    assertThat(data).exists();
  }

  @Test
  void temporaryBroker_startsOnce_andDeletesItsDirectoryOnClose() {
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build();
    Path directory = broker.dataDirectory();
    try (broker) {
      broker.start();
      assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.brokerPort());
      assertThat(directory.resolve("meta.properties")).exists();

      assertThatThrownBy(broker::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("broker can start once, it is RUNNING");
    }
    assertThat(Files.exists(directory)).isFalse();
    broker.close();
  }
}
