package io.sealstream.ingest;

import io.sealstream.schemas.AvroWireSerde;
import io.sealstream.schemas.BucketRecord;
import io.sealstream.schemas.ObjectManifest;
import io.sealstream.schemas.SchemaRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
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
 * This process's view of the {@code objects} and {@code buckets} topics: a {@code
 * read_committed} consumer on its own thread, assigned every partition from the beginning (no
 * group), keeping bucket → {@link BucketRecord} and "bucket/key" → {@link ObjectManifest}; a
 * null value deletes. Handlers read it and wait on it ({@link #awaitVersion}), which makes a PUT
 * answered 200 readable by the next GET.
 *
 * <p>Thread-safe. {@link #start} once, {@link #close} once.
 */
final class ManifestView implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ManifestView.class);

  private final String objectsTopic;
  private final String bucketsTopic;
  private final AvroWireSerde<ObjectManifest> manifests;
  private final AvroWireSerde<BucketRecord> buckets;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Map<String, ObjectManifest> objects = new ConcurrentHashMap<>();
  private final Map<String, BucketRecord> bucketMap = new ConcurrentHashMap<>();
  private final Object changed = new Object();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean caughtUp;
  private volatile Throwable failure;

  ManifestView(String bootstrapServers, IngestTopics topics, SchemaRegistry registry) {
    this.objectsTopic = topics.objects();
    this.bucketsTopic = topics.buckets();
    this.manifests = new AvroWireSerde<>(ObjectManifest.class, registry);
    this.buckets = new AvroWireSerde<>(BucketRecord.class, registry);
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "ingest-api-view");
    this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "ingest-api-manifest-view");
    this.thread.setDaemon(true);
  }

  /** Starts the consumer and waits until it has read everything that existed at start. */
  void start(Duration timeout) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(objectsTopic, bucketsTopic)) {
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
    thread.start();
    if (!await(() -> caughtUp, timeout)) {
      throw new IllegalStateException("manifest view did not catch up within " + timeout);
    }
    LOG.info("manifest view caught up: {} objects, {} buckets", objects.size(), bucketMap.size());
  }

  private void run() {
    try {
      List<TopicPartition> assigned = new ArrayList<>(consumer.assignment());
      Map<TopicPartition, Long> end = consumer.endOffsets(assigned, Duration.ofSeconds(30));
      while (running) {
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<String, byte[]> r : records) {
          apply(r);
        }
        if (!caughtUp) {
          boolean all = true;
          for (TopicPartition tp : assigned) {
            if (consumer.position(tp) < end.get(tp)) {
              all = false;
              break;
            }
          }
          caughtUp = all;
        }
        if (!records.isEmpty() || caughtUp) {
          synchronized (changed) {
            changed.notifyAll();
          }
        }
      }
    } catch (WakeupException e) {
      if (running) {
        failure = e;
      }
    } catch (RuntimeException | Error e) {
      failure = e;
      LOG.error("manifest view stopped", e);
    } finally {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      synchronized (changed) {
        changed.notifyAll();
      }
    }
  }

  private void apply(ConsumerRecord<String, byte[]> r) {
    if (r.key() == null) {
      return;
    }
    try {
      if (r.topic().equals(objectsTopic)) {
        if (r.value() == null) {
          objects.remove(r.key());
        } else {
          objects.put(r.key(), manifests.deserialize(r.topic(), r.value()));
        }
      } else if (r.value() == null) {
        bucketMap.remove(r.key());
      } else {
        bucketMap.put(r.key(), buckets.deserialize(r.topic(), r.value()));
      }
    } catch (RuntimeException e) {
      // A record this version cannot read: skip it (coordinates only, never the payload).
      LOG.warn("skipping unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
    }
  }

  static String objectKey(String bucket, String key) {
    return bucket + "/" + key;
  }

  ObjectManifest object(String bucket, String key) {
    return objects.get(objectKey(bucket, key));
  }

  BucketRecord bucket(String name) {
    return bucketMap.get(name);
  }

  boolean bucketHasObjects(String bucket) {
    String prefix = bucket + "/";
    for (String k : objects.keySet()) {
      if (k.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Waits until the view holds {@code versionId} for the object; false on timeout. */
  boolean awaitVersion(String bucket, String key, String versionId, Duration timeout) {
    return await(
        () -> {
          ObjectManifest m = object(bucket, key);
          return m != null && m.getVersionId().equals(versionId);
        },
        timeout);
  }

  /** Waits until the view no longer holds {@code versionId} for the object; false on timeout. */
  boolean awaitGone(String bucket, String key, String versionId, Duration timeout) {
    return await(
        () -> {
          ObjectManifest m = object(bucket, key);
          return m == null || !m.getVersionId().equals(versionId);
        },
        timeout);
  }

  /** Waits until the bucket is present (or absent); false on timeout. */
  boolean awaitBucket(String name, boolean present, Duration timeout) {
    return await(() -> (bucket(name) != null) == present, timeout);
  }

  private boolean await(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (changed) {
      while (true) {
        if (condition.getAsBoolean()) {
          return true;
        }
        if (failure != null || !thread.isAlive() && thread.getState() != Thread.State.NEW) {
          throw new IllegalStateException("manifest view is not running", failure);
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

  /** Every object, in no particular order (a weakly consistent view of the live map). */
  java.util.Collection<ObjectManifest> objects() {
    return java.util.Collections.unmodifiableCollection(objects.values());
  }

  /** True while the consumer thread is reading (false before start, after a failure or close). */
  boolean isRunning() {
    return running && failure == null && thread.isAlive();
  }

  @Override
  public void close() {
    running = false;
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
