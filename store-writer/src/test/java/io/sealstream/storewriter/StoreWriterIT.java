package io.sealstream.storewriter;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealstream.blobstore.BlobId;
import io.sealstream.blobstore.FileBlobStore;
import io.sealstream.kafka.TopicSpec;
import io.sealstream.kafka.Topics;
import io.sealstream.kafka.testing.KafkaCluster;
import io.sealstream.kafka.testing.KafkaExtension;
import io.sealstream.schemas.AvroWireSerde;
import io.sealstream.schemas.DeadLetter;
import io.sealstream.schemas.InProcessSchemaRegistry;
import io.sealstream.schemas.ObjectEvent;
import io.sealstream.schemas.ObjectEventType;
import io.sealstream.schemas.ObjectManifest;
import io.sealstream.schemas.PartManifest;
import io.sealstream.schemas.PartRecord;
import io.sealstream.schemas.SealedChunkRecord;
import io.sealstream.schemas.SseMode;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** store-writer against a real broker: sealed chunks in, blobs, manifests and events out. */
@ExtendWith(KafkaExtension.class)
class StoreWriterIT {
  private static final InProcessSchemaRegistry REGISTRY = new InProcessSchemaRegistry();
  private static final AvroWireSerde<SealedChunkRecord> SEALED =
      new AvroWireSerde<>(SealedChunkRecord.class, REGISTRY);
  private static final AvroWireSerde<ObjectManifest> MANIFESTS =
      new AvroWireSerde<>(ObjectManifest.class, REGISTRY);
  private static final AvroWireSerde<ObjectEvent> EVENTS =
      new AvroWireSerde<>(ObjectEvent.class, REGISTRY);
  private static final AvroWireSerde<DeadLetter> DEAD = new AvroWireSerde<>(DeadLetter.class, REGISTRY);
  private static final AvroWireSerde<PartRecord> PARTS = new AvroWireSerde<>(PartRecord.class, REGISTRY);

  @TempDir Path root;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String sealedTopic = "sealed-" + run;
  private final String objectsTopic = "objects-" + run;
  private final String eventsTopic = "events-" + run;
  private final String deadTopic = "dead-" + run;
  private final String partsTopic = "parts-" + run;

  private void createTopics(KafkaCluster kafka) throws Exception {
    try (Admin admin = Admin.create(kafka.clientConfig())) {
      Topics.createAndAwait(
          admin,
          List.of(
              TopicSpec.of(sealedTopic, 2).withConfig("max.message.bytes", "2097152"),
              TopicSpec.of(objectsTopic, 2).withConfig("cleanup.policy", "compact"),
              TopicSpec.of(eventsTopic, 2),
              TopicSpec.of(partsTopic, 2).withConfig("cleanup.policy", "compact"),
              TopicSpec.of(deadTopic, 1)),
          Duration.ofSeconds(30));
    }
  }

  private StoreWriter writer(KafkaCluster kafka, FileBlobStore store) {
    return new StoreWriter(
        new StoreWriterConfig(
            kafka.bootstrapServers(),
            sealedTopic,
            objectsTopic,
            eventsTopic,
            partsTopic,
            deadTopic,
            "writer-" + run,
            "writer-" + run + "-0",
            Duration.ofMillis(100),
            SEALED.deserializer(),
            MANIFESTS.serializer(),
            EVENTS.serializer(),
            PARTS.serializer(),
            DEAD.serializer(),
            Map.of()),
        new SealedChunkApplier(store));
  }

  private static ObjectManifest manifest(String uploadId, String key, long encryptedSize) {
    return ObjectManifest.newBuilder()
        .setBucket("b")
        .setObjectKey(key)
        .setVersionId("v-" + uploadId)
        .setUploadId(uploadId)
        .setMode(SseMode.SSE_S3)
        .setSealedObjectKey(ByteBuffer.wrap(new byte[97]))
        .setKmsKeyId("default")
        .setKmsKeyCiphertext(ByteBuffer.wrap(new byte[61]))
        .setSize(encryptedSize)
        .setParts(
            List.of(
                PartManifest.newBuilder()
                    .setNumber(0)
                    .setSize(encryptedSize)
                    .setEncryptedSize(encryptedSize)
                    .setSealedEtag(ByteBuffer.wrap(new byte[48]))
                    .build()))
        .setBlobId("")
        .setUserMetadata(Map.of())
        .setCreatedAtMillis(1)
        .build();
  }

  /** Sends an object's "ciphertext" as sealed chunks of {@code piece} bytes. */
  private static void sendObject(
      KafkaProducer<String, byte[]> producer, String topic, String uploadId, String key,
      byte[] data, int piece) throws Exception {
    long seq = 0;
    for (int off = 0; off < data.length; off += piece) {
      int n = Math.min(piece, data.length - off);
      boolean last = off + n == data.length;
      SealedChunkRecord r =
          SealedChunkRecord.newBuilder()
              .setUploadId(uploadId)
              .setPartNumber(0)
              .setAttemptId("a")
              .setSequence(seq++)
              .setOffset(off)
              .setData(ByteBuffer.wrap(Arrays.copyOfRange(data, off, off + n)))
              .setLast(last)
              .setManifest(last ? manifest(uploadId, key, data.length) : null)
              .build();
      producer.send(new ProducerRecord<>(topic, uploadId, SEALED.serialize(topic, r))).get();
    }
  }

  private KafkaProducer<String, byte[]> producer(KafkaCluster kafka) {
    Map<String, Object> c = kafka.clientConfig();
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 << 20);
    return new KafkaProducer<>(c, new StringSerializer(), new ByteArraySerializer());
  }

  private List<ConsumerRecord<String, byte[]>> readCommitted(
      KafkaCluster kafka, String topic, int expected) {
    Map<String, Object> c = kafka.clientConfig();
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "check-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (out.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      // and nothing more shows up shortly after
      consumer.poll(Duration.ofSeconds(1)).forEach(out::add);
    }
    return out;
  }

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void sealedObjects_becomeBlobsManifestsAndEvents_exactlyOnce(KafkaCluster kafka)
      throws Exception {
    // Given three objects' sealed chunks on the sealed topic
    createTopics(kafka);
    FileBlobStore store = new FileBlobStore(root);
    byte[] a = random(3_000_000, 1);
    byte[] b = random(1, 2);
    byte[] c = random(65_568, 3);
    try (KafkaProducer<String, byte[]> p = producer(kafka)) {
      sendObject(p, sealedTopic, "u-a", "a", a, 1 << 20);
      sendObject(p, sealedTopic, "u-b", "b", b, 1 << 20);
      sendObject(p, sealedTopic, "u-c", "c", c, 10_000);
    }

    // When a store-writer runs
    try (StoreWriter w = writer(kafka, store)) {
      Thread t = new Thread(w, "store-writer");
      t.start();
      List<ConsumerRecord<String, byte[]>> manifests = readCommitted(kafka, objectsTopic, 3);
      List<ConsumerRecord<String, byte[]>> events = readCommitted(kafka, eventsTopic, 3);

      // Then each object has one manifest naming a blob with exactly its bytes, and one event
      assertThat(manifests).hasSize(3);
      assertThat(events).hasSize(3);
      for (ConsumerRecord<String, byte[]> r : manifests) {
        ObjectManifest m = MANIFESTS.deserialize(objectsTopic, r.value());
        byte[] expected = switch (m.getObjectKey()) {
          case "a" -> a;
          case "b" -> b;
          default -> c;
        };
        assertThat(r.key()).isEqualTo("b/" + m.getObjectKey());
        try (InputStream in = store.read(new BlobId(m.getBlobId()), 0, expected.length)) {
          assertThat(in.readAllBytes()).isEqualTo(expected);
        }
      }
      assertThat(events)
          .extracting(r -> EVENTS.deserialize(eventsTopic, r.value()).getType())
          .containsOnly(ObjectEventType.STORED);
    }
  }

  @Test
  void writerRestartedMidObject_storesItOnce(KafkaCluster kafka) throws Exception {
    // Given the first half of an object's chunks, consumed by a writer that then stops
    createTopics(kafka);
    FileBlobStore store = new FileBlobStore(root);
    byte[] data = random(2_000_000, 4);
    try (KafkaProducer<String, byte[]> p = producer(kafka)) {
      long seq = 0;
      for (int off = 0; off < 1_000_000; off += 250_000) {
        SealedChunkRecord r =
            SealedChunkRecord.newBuilder()
                .setUploadId("u-r")
                .setPartNumber(0)
                .setAttemptId("a")
                .setSequence(seq++)
                .setOffset(off)
                .setData(ByteBuffer.wrap(Arrays.copyOfRange(data, off, off + 250_000)))
                .setLast(false)
                .setManifest(null)
                .build();
        p.send(new ProducerRecord<>(sealedTopic, "u-r", SEALED.serialize(sealedTopic, r))).get();
      }
    }
    StoreWriter first = writer(kafka, store);
    Thread t1 = new Thread(first, "store-writer-1");
    t1.start();
    Thread.sleep(3000);
    first.close();
    t1.join(30_000);

    // When the rest arrives and a new writer with the same identity takes over
    try (KafkaProducer<String, byte[]> p = producer(kafka)) {
      long seq = 4;
      for (int off = 1_000_000; off < 2_000_000; off += 250_000) {
        boolean last = off + 250_000 == 2_000_000;
        SealedChunkRecord r =
            SealedChunkRecord.newBuilder()
                .setUploadId("u-r")
                .setPartNumber(0)
                .setAttemptId("a")
                .setSequence(seq++)
                .setOffset(off)
                .setData(ByteBuffer.wrap(Arrays.copyOfRange(data, off, off + 250_000)))
                .setLast(last)
                .setManifest(last ? manifest("u-r", "r", data.length) : null)
                .build();
        p.send(new ProducerRecord<>(sealedTopic, "u-r", SEALED.serialize(sealedTopic, r))).get();
      }
    }
    try (StoreWriter second = writer(kafka, store)) {
      Thread t2 = new Thread(second, "store-writer-2");
      t2.start();

      // Then the object is stored once, whole
      List<ConsumerRecord<String, byte[]>> manifests = readCommitted(kafka, objectsTopic, 1);
      assertThat(manifests).hasSize(1);
      ObjectManifest m = MANIFESTS.deserialize(objectsTopic, manifests.get(0).value());
      try (InputStream in = store.read(new BlobId(m.getBlobId()), 0, data.length)) {
        assertThat(in.readAllBytes()).isEqualTo(data);
      }
    }
  }

  @Test
  void undecodableRecord_isDeadLetteredAndTheWriterGoesOn(KafkaCluster kafka) throws Exception {
    createTopics(kafka);
    FileBlobStore store = new FileBlobStore(root);
    try (KafkaProducer<String, byte[]> p = producer(kafka)) {
      p.send(new ProducerRecord<>(sealedTopic, "u-bad", new byte[] {9, 9, 9})).get();
      sendObject(p, sealedTopic, "u-ok", "ok", random(100, 5), 1 << 20);
    }

    try (StoreWriter w = writer(kafka, store)) {
      new Thread(w, "store-writer").start();

      assertThat(readCommitted(kafka, objectsTopic, 1)).hasSize(1);
      List<ConsumerRecord<String, byte[]>> dead = readCommitted(kafka, deadTopic, 1);
      assertThat(dead).hasSize(1);
      assertThat(DEAD.deserialize(deadTopic, dead.get(0).value()).getReason())
          .contains("does not decode");
    }
  }
}
