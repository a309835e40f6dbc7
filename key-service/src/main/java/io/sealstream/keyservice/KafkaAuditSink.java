package io.sealstream.keyservice;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audit events to a Kafka topic, one record per call: key = the identity (so one identity's
 * calls stay in order on one partition; {@code "-"} when unauthenticated), value = the same JSON
 * as a line of {@link FileAuditLog}. Idempotent producer, {@code acks=all}.
 *
 * <p>Sending is asynchronous: a broker outage must not stop the key service, so this sink never
 * throws on delivery; failures are counted ({@link #failures()}) and logged, and the file log
 * (use both through {@link AuditSink#all}) stays the record of truth. Thread-safe.
 */
public final class KafkaAuditSink implements AuditSink {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaAuditSink.class);

  private final Producer<String, String> producer;
  private final String topic;
  private final AtomicLong failures = new AtomicLong();

  KafkaAuditSink(Producer<String, String> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  /** A sink producing to {@code topic} on the cluster at {@code bootstrapServers}. */
  public static KafkaAuditSink create(String bootstrapServers, String topic, Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "sealstream-key-service-audit");
    // a broker outage blocks neither calls (send is async) nor shutdown for long
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000);
    config.putAll(extra);
    return new KafkaAuditSink(
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer()), topic);
  }

  @Override
  public void record(AuditEvent event) {
    String key = event.identity() == null ? "-" : event.identity();
    try {
      producer.send(
          new ProducerRecord<>(topic, key, event.toJson()),
          (metadata, failure) -> {
            if (failure != null) {
              fail(event, failure);
            }
          });
    } catch (RuntimeException e) {
      fail(event, e);
    }
  }

  private void fail(AuditEvent event, Exception failure) {
    long n = failures.incrementAndGet();
    if (n == 1 || Long.bitCount(n) == 1) { // 1, 2, 4, 8, …: a trace without flooding the log
      LOG.warn(
          "audit record {} not delivered to topic {} ({} failures so far): {}",
          event.requestId(),
          topic,
          n,
          failure.toString());
    }
  }

  /** Records that could not be delivered so far. */
  public long failures() {
    return failures.get();
  }

  /** Waits until every record sent so far is delivered or failed. */
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }

  @Override
  public String toString() {
    return "KafkaAuditSink[" + topic + "]";
  }
}
