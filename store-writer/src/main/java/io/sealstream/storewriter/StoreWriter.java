package io.sealstream.storewriter;

import io.sealstream.blobstore.BlobStoreException;
import io.sealstream.schemas.DeadLetter;
import io.sealstream.schemas.PartRecord;
import io.sealstream.schemas.SealedChunkRecord;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import java.util.ArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store-writer service: a consume–write–produce loop, exactly once. Each poll's records are
 * written to the blob store in order (idempotently), the blobs they complete are committed
 * several at once, then their manifests, part records, events and dead letters are produced in
 * one Kafka transaction together with the consumer offsets. A crash anywhere replays
 * from the last committed transaction, which rewrites the same bytes and commits each manifest
 * once.
 *
 * <p>Lifecycle: {@link #run()} on a thread of its own until {@link #close()}.
 */
public final class StoreWriter implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);
  private static final Duration RETRY_BACKOFF = Duration.ofMillis(500);

  private final StoreWriterConfig config;
  private final SealedChunkApplier applier;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  /** Threads that commit the blobs of one batch at once (fsyncs overlap on the device). */
  static final int COMMIT_THREADS = 4;

  private final ExecutorService committers =
      Executors.newFixedThreadPool(COMMIT_THREADS, r -> {
        Thread t = new Thread(r, "store-writer-commit");
        t.setDaemon(true);
        return t;
      });
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean finished;

  public StoreWriter(StoreWriterConfig config, SealedChunkApplier applier) {
    this.config = config;
    this.applier = applier;
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 << 20);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 64);
    // sealed records are ~1 MiB: a fetch of Kafka's default 50 MiB would be most of a 256 MiB
    // heap (docs/benchmarks.md, "A 10 GiB object in 256 MiB heaps")
    c.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 8 << 20);
    // a crashed writer's partitions move to a live one after 10 s, not the default 45 s
    c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
    c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 2_000);
    c.putAll(config.clientOverrides());
    this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 << 20);
    p.putAll(config.clientOverrides());
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  @Override
  public void run() {
    try {
      producer.initTransactions();
      consumer.subscribe(List.of(config.sealedTopic()));
      while (!closed.get()) {
        ConsumerRecords<String, byte[]> records = consumer.poll(config.pollTimeout());
        if (records.isEmpty()) {
          continue;
        }
        try {
          processBatch(records);
        } catch (BlobStoreException e) {
          // storage trouble: nothing of this batch is committed; replay it after a pause
          LOG.warn("blob store failed, retrying the batch: {}", e.getMessage());
          producer.abortTransaction();
          rewind(records);
          sleep(RETRY_BACKOFF);
        }
      }
    } catch (WakeupException e) {
      if (!closed.get()) {
        throw e;
      }
    } finally {
      committers.shutdownNow();
      finished = true;
      consumer.close();
      producer.close(Duration.ofSeconds(5));
    }
  }

  private void processBatch(ConsumerRecords<String, byte[]> records) throws BlobStoreException {
    producer.beginTransaction();
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    List<SealedChunkApplier.Completion> completions = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      SealedChunkApplier.Completion c = write(r);
      if (c != null) {
        completions.add(c);
      }
      offsets.put(
          new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
    }
    for (SealedChunkApplier.Applied applied : commitAll(completions)) {
      publish(applied);
    }
    producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
    producer.commitTransaction();
  }

  /** Writes one record's bytes; the completion of an attempt it ends, else null. */
  private SealedChunkApplier.Completion write(ConsumerRecord<String, byte[]> r)
      throws BlobStoreException {
    SealedChunkRecord chunk;
    try {
      chunk = config.sealed().deserialize(r.topic(), r.value());
      if (chunk == null) {
        throw new IllegalArgumentException("null value");
      }
    } catch (RuntimeException e) {
      deadLetter(r, "sealed chunk does not decode: " + e.getMessage());
      return null;
    }
    try {
      return applier.write(chunk, System.currentTimeMillis());
    } catch (IllegalArgumentException e) {
      deadLetter(r, e.getMessage());
      return null;
    }
  }

  /**
   * Commits the blobs the batch completed, several at once: each commit is an fsync, a rename
   * and a directory fsync, and one at a time they capped small objects at the disk's fsync
   * latency. All must succeed before the batch's transaction commits; the results come back in
   * batch order. A blob completed twice in one batch (a replay) is committed once, first.
   */
  private List<SealedChunkApplier.Applied> commitAll(List<SealedChunkApplier.Completion> completions)
      throws BlobStoreException {
    if (completions.size() <= 1) {
      List<SealedChunkApplier.Applied> one = new ArrayList<>();
      for (SealedChunkApplier.Completion c : completions) {
        one.add(applier.commit(c));
      }
      return one;
    }
    Map<String, Future<SealedChunkApplier.Applied>> byBlob = new HashMap<>();
    List<Future<SealedChunkApplier.Applied>> futures = new ArrayList<>();
    for (SealedChunkApplier.Completion c : completions) {
      Future<SealedChunkApplier.Applied> f = byBlob.get(c.blob().value());
      if (f == null) {
        f = committers.submit(() -> applier.commit(c));
        byBlob.put(c.blob().value(), f);
      } else {
        // the same attempt completed again in this batch (a replay): after the first, so two
        // commits of one blob never race; the second finds it committed (commit is idempotent)
        Future<SealedChunkApplier.Applied> first = f;
        f = committers.submit(() -> {
          first.get();
          return applier.commit(c);
        });
      }
      futures.add(f);
    }
    List<SealedChunkApplier.Applied> applied = new ArrayList<>();
    BlobStoreException failure = null;
    for (Future<SealedChunkApplier.Applied> f : futures) {
      try {
        applied.add(f.get());
      } catch (ExecutionException e) {
        if (e.getCause() instanceof BlobStoreException b) {
          failure = failure == null ? b : failure;
        } else if (e.getCause() instanceof RuntimeException re) {
          throw re;
        } else {
          throw new IllegalStateException(e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BlobStoreException("interrupted while committing blobs", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return applied;
  }

  /** Produces what an applied record publishes, in the batch's transaction. */
  private void publish(SealedChunkApplier.Applied applied) {
    if (applied.manifest() != null) {
      String key =
          SealedChunkApplier.objectKey(
              applied.manifest().getBucket(), applied.manifest().getObjectKey());
      producer.send(
          new ProducerRecord<>(
              config.objectsTopic(),
              key,
              config.manifests().serialize(config.objectsTopic(), applied.manifest())));
      producer.send(
          new ProducerRecord<>(
              config.eventsTopic(),
              key,
              config.events().serialize(config.eventsTopic(), applied.event())));
    }
    if (applied.part() != null) {
      PartRecord part = applied.part();
      producer.send(
          new ProducerRecord<>(
              config.partsTopic(),
              SealedChunkApplier.partKey(part.getUploadId(), part.getPart().getNumber()),
              config.parts().serialize(config.partsTopic(), part)));
    }
  }

  private void deadLetter(ConsumerRecord<String, byte[]> r, String reason) {
    DeadLetter letter =
        DeadLetter.newBuilder()
            .setSourceTopic(r.topic())
            .setSourcePartition(r.partition())
            .setSourceOffset(r.offset())
            .setUploadId(r.key())
            .setService("store-writer")
            .setReason(reason)
            .setTimeMillis(System.currentTimeMillis())
            .build();
    producer.send(
        new ProducerRecord<>(
            config.deadLetterTopic(),
            r.key(),
            config.deadLetters().serialize(config.deadLetterTopic(), letter)));
  }

  private void rewind(ConsumerRecords<String, byte[]> records) {
    for (TopicPartition tp : records.partitions()) {
      consumer.seek(tp, records.records(tp).get(0).offset());
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the loop; the current transaction is committed or aborted before the clients close. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      consumer.wakeup();
    }
  }

  public boolean isFinished() {
    return finished;
  }
}
