package io.sealstream.keymaterial;

import io.sealstream.keyservice.client.KeyLifecycleEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes an operator's disable, delete, rotate or seal reach the pipeline's key caches at once:
 * reads key-service's lifecycle events (audit JSON lines of successful lifecycle calls, on their
 * own small topic) and drops the affected entries of a {@link KeyServiceKeySource}, so the next
 * use asks key-service, which answers "disabled", "not found" or "sealed".
 *
 * <p>Reads every partition from its end as of {@link #start} (no consumer group: each process
 * with caches needs every event, and events before its start concern caches it did not have).
 * An event lost or late (broker down) leaves the caches' lifetimes as the bound on staleness.
 * One thread; {@link #close} stops it.
 */
public final class KeyLifecycleWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KeyLifecycleWatcher.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final Consumer<String, String> consumer;
  private final String topic;
  private final KeyServiceKeySource keys;
  private final Thread thread;
  private final CountDownLatch positioned = new CountDownLatch(1);
  private final AtomicLong applied = new AtomicLong();
  private volatile boolean running = true;

  private KeyLifecycleWatcher(Consumer<String, String> consumer, String topic, KeyServiceKeySource keys) {
    this.consumer = consumer;
    this.topic = topic;
    this.keys = keys;
    this.thread = new Thread(this::run, "kms-lifecycle-watcher");
    this.thread.setDaemon(true);
  }

  /**
   * Starts watching {@code topic} on the cluster at {@code bootstrapServers} for {@code keys};
   * returns once the watcher is positioned at the topic's end, so every event published after
   * this returns is seen.
   */
  public static KeyLifecycleWatcher start(
      String bootstrapServers, String topic, KeyServiceKeySource keys) throws InterruptedException {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Objects.requireNonNull(bootstrapServers));
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "sealstream-kms-lifecycle-watcher");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    KeyLifecycleWatcher watcher =
        new KeyLifecycleWatcher(
            new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer()),
            Objects.requireNonNull(topic, "topic"),
            Objects.requireNonNull(keys, "keys"));
    watcher.thread.start();
    if (!watcher.positioned.await(60, TimeUnit.SECONDS)) {
      watcher.close();
      throw new IllegalStateException("could not position on topic " + topic + " within 60 s");
    }
    return watcher;
  }

  /** Lifecycle events applied to the caches so far. */
  public long applied() {
    return applied.get();
  }

  private void run() {
    try {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // resolves "end" now, not at the first poll
      positioned.countDown();
      while (running) {
        for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
          KeyLifecycleEvent.fromAuditJson(r.value()).ifPresent(this::apply);
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("key lifecycle watcher on {} stopped; caches now expire by lifetime only", topic, e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** Applies one event: drops what it revokes. Package-private for tests. */
  void apply(KeyLifecycleEvent event) {
    applied.incrementAndGet();
    if (!event.revokesCachedKeys()) {
      LOG.info("key-service: {} {}", event.operation(), Optional.ofNullable(event.key()).orElse("(all keys)"));
      return;
    }
    int dropped = event.concernsEveryKey() ? keys.invalidateAll() : keys.invalidate(event.key());
    LOG.info(
        "key-service: {} {}; dropped {} cached key(s)",
        event.operation(),
        Optional.ofNullable(event.key()).orElse("(all keys)"),
        dropped);
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
