package io.sealstream.ingest;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one producer of ingest-api: idempotent, {@code acks=all}, values already in the Avro wire
 * format. Every send is awaited, either at once ({@link #sendAndWait}) or through a bounded
 * {@link InFlight} window. Kafka failures become 503 ServiceUnavailable. Thread-safe.
 */
final class Publisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
  /** Sends of one upload that may be outstanding at once (memory: this many chunks). */
  static final int MAX_IN_FLIGHT_PER_UPLOAD = 4;

  private final KafkaProducer<String, byte[]> producer;

  Publisher(String bootstrapServers, Map<String, Object> overrides) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "ingest-api");
    config.putAll(overrides);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
  }

  void sendAndWait(String topic, String key, byte[] value) throws S3Exception {
    await(producer.send(new ProducerRecord<>(topic, key, value)));
  }

  /** A window of sends of one upload: at most {@link #MAX_IN_FLIGHT_PER_UPLOAD} unacknowledged. */
  InFlight window() {
    return new InFlight();
  }

  final class InFlight {
    private final Deque<Future<RecordMetadata>> pending = new ArrayDeque<>();

    void send(String topic, String key, byte[] value) throws S3Exception {
      while (pending.size() >= MAX_IN_FLIGHT_PER_UPLOAD) {
        await(pending.removeFirst());
      }
      pending.addLast(producer.send(new ProducerRecord<>(topic, key, value)));
    }

    void awaitAll() throws S3Exception {
      while (!pending.isEmpty()) {
        await(pending.removeFirst());
      }
    }
  }

  private static void await(Future<RecordMetadata> f) throws S3Exception {
    try {
      f.get();
    } catch (ExecutionException e) {
      LOG.warn("Kafka send failed: {}", e.getCause().toString());
      throw S3Error.SERVICE_UNAVAILABLE.exception();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw S3Error.SERVICE_UNAVAILABLE.exception();
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
