package io.sealstream.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.IntegerDeserializer;
import org.apache.kafka.common.serialization.IntegerSerializer;

/** Client settings and helpers shared by the broker tests; keys are ints, values bytes. */
final class TestClients {

  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private TestClients() {}

  /** Tests share one broker: every topic, group and transactional id is unique. */
  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  static Map<String, Object> admin(String bootstrap) {
    return Map.of("bootstrap.servers", bootstrap);
  }

  /** Idempotent, acks=all: the project's producer defaults. */
  static Map<String, Object> producer(String bootstrap) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, IntegerSerializer.class);
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return config;
  }

  static Map<String, Object> consumer(String bootstrap, String isolationLevel) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, IntegerDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return config;
  }

  /** Deterministic pseudo-random bytes, so a reader can check every byte it got. */
  static byte[] payload(int index, int size) {
    byte[] bytes = new byte[size];
    new Random(index).nextBytes(bytes);
    return bytes;
  }

  /**
   * Reads every partition of {@code topic} from the beginning up to its end offset as this
   * isolation level sees it (for read_committed: the last stable offset), without a group.
   */
  static List<ConsumerRecord<Integer, byte[]>> readAll(
      String bootstrap, String topic, String isolationLevel) {
    List<ConsumerRecord<Integer, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<Integer, byte[]> consumer =
        new KafkaConsumer<>(consumer(bootstrap, isolationLevel))) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, TIMEOUT).stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .collect(Collectors.toList());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp, TIMEOUT) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("did not reach the end offsets " + end + " within " + TIMEOUT);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }
}
