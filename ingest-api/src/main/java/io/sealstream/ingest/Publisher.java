package io.sealstream.ingest;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producers of ingest-api, values already in the Avro wire format: one idempotent producer
 * ({@code acks=all}) whose every send is awaited, either at once ({@link #sendAndWait}) or
 * through a bounded {@link InFlight} window; and one transactional producer for the few writes
 * that must land together or not at all ({@link #atomically}: completing or aborting a multipart
 * upload). Kafka failures become 503 ServiceUnavailable. Thread-safe.
 */
final class Publisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
  /** Sends of one upload that may be outstanding at once (memory: this many chunks). */
  static final int MAX_IN_FLIGHT_PER_UPLOAD = 4;

  private final KafkaProducer<String, byte[]> producer;
  private final Map<String, Object> transactionalConfig;
  private KafkaProducer<String, byte[]> transactional;

  Publisher(String bootstrapServers, Map<String, Object> overrides) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    // unsent chunks wait here, 1 MiB each; when full, send() blocks the upload (backpressure)
    // instead of the heap growing: Kafka's 32 MiB default is an eighth of a 256 MiB heap
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 16L << 20);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "ingest-api");
    config.putAll(overrides);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    // A fresh id per process: these transactions are short and independent, so nothing needs
    // fencing across restarts; an unfinished one is aborted by the broker's timeout.
    Map<String, Object> tx = new HashMap<>(config);
    tx.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "ingest-api-" + UUID.randomUUID());
    tx.put(ProducerConfig.CLIENT_ID_CONFIG, "ingest-api-tx");
    tx.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
    this.transactionalConfig = Map.copyOf(tx);
  }

  /**
   * Sends all records in one Kafka transaction: readers with {@code read_committed} (every view)
   * see all of them or none. A null value is a tombstone.
   */
  synchronized void atomically(List<ProducerRecord<String, byte[]>> records) throws S3Exception {
    try {
      if (transactional == null) {
        transactional =
            new KafkaProducer<>(transactionalConfig, new StringSerializer(), new ByteArraySerializer());
        transactional.initTransactions();
      }
      transactional.beginTransaction();
      for (ProducerRecord<String, byte[]> r : records) {
        transactional.send(r);
      }
      transactional.commitTransaction();
    } catch (KafkaException e) {
      LOG.warn("Kafka transaction failed: {}", e.toString());
      closeTransactional();
      throw S3Error.SERVICE_UNAVAILABLE.exception();
    }
  }

  private void closeTransactional() {
    if (transactional != null) {
      try {
        transactional.close(Duration.ofSeconds(5));
      } catch (KafkaException e) {
        // closing a broken producer; a new one is made on the next call
      }
      transactional = null;
    }
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
  public synchronized void close() {
    producer.close();
    closeTransactional();
  }
}
