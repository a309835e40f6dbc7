package io.sealstream.kafka;

import static io.sealstream.kafka.TestClients.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import io.sealstream.kafka.testing.KafkaCluster;
import io.sealstream.kafka.testing.KafkaExtension;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaExtension.class)
class TransactionsIT {

  private static final int PER_TRANSACTION = 10;
  private static final int ABORTED_KEYS = 1000;

  @Test
  void abortedTransaction_isInvisibleToReadCommitted_andTheNextCommitIsVisible(KafkaCluster kafka)
      throws Exception {
    // Given
    String topic = TestClients.unique("transactions");
    try (Admin admin = Admin.create(kafka.clientConfig())) {
      Topics.createAndAwait(admin, List.of(TopicSpec.of(topic, 2)), TIMEOUT);
    }
    Map<String, Object> config = TestClients.producer(kafka.bootstrapServers());
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TestClients.unique("tx"));

    // When one transaction is aborted and the next committed
    try (KafkaProducer<Integer, byte[]> producer = new KafkaProducer<>(config)) {
      producer.initTransactions();
      producer.beginTransaction();
      for (int i = 0; i < PER_TRANSACTION; i++) {
        producer.send(new ProducerRecord<>(topic, ABORTED_KEYS + i, TestClients.payload(i, 1024))).get();
      }
      producer.abortTransaction();
      producer.beginTransaction();
      for (int i = 0; i < PER_TRANSACTION; i++) {
        producer.send(new ProducerRecord<>(topic, i, TestClients.payload(i, 1024)));
      }
      producer.commitTransaction();
    }

    // Then read_committed sees only the committed records; read_uncommitted proves the aborted
    // ones were written
    List<ConsumerRecord<Integer, byte[]>> committed =
        TestClients.readAll(kafka.bootstrapServers(), topic, "read_committed");
    List<ConsumerRecord<Integer, byte[]>> everything =
        TestClients.readAll(kafka.bootstrapServers(), topic, "read_uncommitted");
    assertThat(committed).extracting(ConsumerRecord::key)
        .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(everything).extracting(ConsumerRecord::key)
        .hasSize(2 * PER_TRANSACTION)
        .contains(ABORTED_KEYS, ABORTED_KEYS + PER_TRANSACTION - 1);
  }
}
