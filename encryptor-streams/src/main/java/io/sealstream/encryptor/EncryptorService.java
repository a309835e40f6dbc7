package io.sealstream.encryptor;

import io.sealstream.channel.CipherSuite;
import io.sealstream.keymaterial.KeyMaterialSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the encryptor topology as a Kafka Streams application with {@code exactly_once_v2}. A
 * task that fails (key-service unavailable, say) is replaced and resumes from its last commit.
 *
 * <p>Lifecycle: {@link #start()} once, then {@link #close()}.
 */
public final class EncryptorService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EncryptorService.class);

  /** Where the encryptor runs and how. */
  public record Config(
      String bootstrapServers,
      String applicationId,
      Path stateDirectory,
      EncryptorTopics topics,
      EncryptorSerdes serdes,
      KeyMaterialSource keys,
      Map<String, Object> overrides) {
    public Config {
      Objects.requireNonNull(bootstrapServers, "bootstrapServers");
      Objects.requireNonNull(applicationId, "applicationId");
      Objects.requireNonNull(stateDirectory, "stateDirectory");
      Objects.requireNonNull(topics, "topics");
      Objects.requireNonNull(serdes, "serdes");
      Objects.requireNonNull(keys, "keys");
      overrides = Map.copyOf(overrides);
    }
  }

  private final KafkaStreams streams;

  public EncryptorService(Config config) {
    CipherSuite suite = CipherSuite.forThisMachine();
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDirectory().toString());
    // Sealed records reach store-writer (read_committed) only when this transaction commits, so
    // the interval is added to every PUT's time to readable: 100 ms made the small-object p99
    // 130-180 ms (docs/benchmarks.md, "Commit interval"); 20 ms costs a few more commits a second.
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 20);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), 4 << 20);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG), 2 << 20);
    // Chunks are 1 MiB, so Kafka's defaults (1,000 buffered records per partition, 50 MiB
    // fetches, 32 MiB of unsent output) would let one large upload fill a 256 MiB heap. These
    // bound what the encryptor holds to about 20 chunks (2 queued per partition, an 8 MiB fetch,
    // 8 MiB unsent), which still keeps it busy; the whole stack, broker included, then fits one
    // 256 MiB heap under a fast client (HeapBoundIT; docs/benchmarks.md, "A 10 GiB object in
    // 256 MiB heaps").
    p.put(StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG, 2);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_BYTES_CONFIG), 8 << 20);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.BUFFER_MEMORY_CONFIG), 8L << 20);
    // a crashed instance's partitions move to a live one after 10 s, not the default 45 s
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 2_000);
    // state-store changelog records carry up to 64 KiB held back, sealed
    p.put(StreamsConfig.topicPrefix("max.message.bytes"), String.valueOf(2 << 20));
    p.putAll(config.overrides());
    this.streams =
        new KafkaStreams(
            EncryptorTopology.build(
                config.topics(), config.serdes(), () -> new ChunkSealer(config.keys(), suite)),
            p);
    streams.setUncaughtExceptionHandler(
        e -> {
          LOG.warn("encryptor task failed, replacing the thread: {}", e.getMessage());
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    LOG.info("encryptor will seal with {}", suite);
  }

  public void start() {
    streams.start();
  }

  /** Whether the application is running (or rebalancing) rather than starting or stopped. */
  public boolean isRunning() {
    return streams.state() == KafkaStreams.State.RUNNING
        || streams.state() == KafkaStreams.State.REBALANCING;
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
  }
}
