package io.sealstream.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's copy of some compacted topics: a {@code read_committed} consumer on its own
 * thread, assigned every partition from the beginning (no group, so every process has the whole
 * picture), handing each record to {@link #apply}. Handlers read the subclass's maps and wait on
 * them ({@link #await}), which is how a write answered 200 is visible to the next request.
 * Another ingest-api process learns of that write only when its own view reads it: a request
 * that finds nothing can first wait until this view has read everything committed when it
 * arrived ({@link #awaitCommitted}), so a PUT answered by any process is readable here.
 *
 * <p>Thread-safe. {@link #start} once, {@link #close} once.
 */
abstract class TopicView implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TopicView.class);

  private final List<String> topics;
  private final KafkaConsumer<String, byte[]> consumer;
  /** Asks the broker for end offsets only (never polls); not thread-safe, so used under its lock. */
  private final KafkaConsumer<String, byte[]> endOffsets;
  /** Where the view's consumer stands, per partition: published after each batch is applied. */
  private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
  private volatile List<TopicPartition> partitions = List.of();
  private final Object changed = new Object();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Throwable failure;

  TopicView(String bootstrapServers, String name, List<String> topics) {
    this.topics = List.copyOf(topics);
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "ingest-api-" + name);
    this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "ingest-api-" + name + "-end-offsets");
    // read_committed: the end offset it reports is the last stable offset, what the view can read
    this.endOffsets = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "ingest-api-" + name);
    this.thread.setDaemon(true);
  }

  /**
   * Applies one record to the view (a null value is a tombstone). Called on the view's thread
   * only. Must not throw for a record it cannot read: log its coordinates (never its payload)
   * and skip it.
   */
  protected abstract void apply(ConsumerRecord<String, byte[]> record);

  /** How many entries the view holds, for the start-up log line. */
  protected abstract String describe();

  /** Starts the consumer and waits until it has read everything committed at start. */
  void start(Duration timeout) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic + " does not exist");
      }
      for (PartitionInfo p : infos) {
        partitions.add(new TopicPartition(topic, p.partition()));
      }
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    this.partitions = List.copyOf(partitions);
    thread.start();
    if (!awaitCommitted(timeout)) {
      throw new IllegalStateException(thread.getName() + " did not catch up within " + timeout);
    }
    LOG.info("{} caught up: {}", thread.getName(), describe());
  }

  private void run() {
    try {
      List<TopicPartition> assigned = new ArrayList<>(consumer.assignment());
      while (running) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<String, byte[]> r : records) {
          if (r.key() != null) {
            apply(r);
          }
        }
        for (TopicPartition tp : assigned) {
          positions.put(tp, consumer.position(tp));
        }
        synchronized (changed) {
          changed.notifyAll();
        }
      }
    } catch (WakeupException e) {
      if (running) {
        failure = e;
      }
    } catch (RuntimeException | Error e) {
      failure = e;
      LOG.error("{} stopped", thread.getName(), e);
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      synchronized (changed) {
        changed.notifyAll();
      }
    }
  }

  /** True while the consumer thread is reading (false before start, after a failure or close). */
  boolean isRunning() {
    return running && failure == null && thread.isAlive();
  }

  /**
   * Waits until the view has read everything committed to its topics when this is called: then
   * every write that any process answered before the call is in the view. One broker round trip
   * (the end offsets) and at most one poll of the view's consumer; false on timeout or when the
   * broker does not answer.
   */
  boolean awaitCommitted(Duration timeout) {
    Map<TopicPartition, Long> end;
    try {
      synchronized (endOffsets) {
        end = endOffsets.endOffsets(partitions, timeout);
      }
    } catch (RuntimeException e) {
      LOG.warn("{}: end offsets unavailable: {}", thread.getName(), e.toString());
      return false;
    }
    return await(() -> {
      for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
        if (positions.getOrDefault(e.getKey(), -1L) < e.getValue()) {
          return false;
        }
      }
      return true;
    }, timeout);
  }

  /**
   * What {@code lookup} finds; when it finds nothing (null), what it finds once the view has read
   * everything committed ({@link #awaitCommitted}): a write another process answered a moment ago
   * is found, a hit costs nothing extra.
   */
  <T> T findAfterAnyWrite(Supplier<T> lookup, Duration timeout) {
    T found = lookup.get();
    return found == null && awaitCommitted(timeout) ? lookup.get() : found;
  }

  /** Waits until {@code condition} holds; false on timeout. */
  boolean await(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (changed) {
      while (true) {
        if (condition.getAsBoolean()) {
          return true;
        }
        if (failure != null || !thread.isAlive() && thread.getState() != Thread.State.NEW) {
          throw new IllegalStateException(thread.getName() + " is not running", failure);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          changed.wait(Math.max(1, Math.min(left / 1_000_000, 200)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
  }

  @Override
  public void close() {
    running = false;
    synchronized (endOffsets) {
      endOffsets.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
    if (thread.getState() == Thread.State.NEW) {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      return;
    }
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
