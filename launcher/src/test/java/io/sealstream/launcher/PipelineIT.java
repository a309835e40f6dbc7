package io.sealstream.launcher;

import io.sealstream.schemas.RecordBytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.sealstream.blobstore.BlobId;
import io.sealstream.channel.DareInputStream;
import io.sealstream.channel.ExternalKey;
import io.sealstream.channel.ObjectIdentity;
import io.sealstream.channel.ObjectKey;
import io.sealstream.channel.SealedObjectKey;
import io.sealstream.channel.SealingMode;
import io.sealstream.schemas.ChunkRecord;
import io.sealstream.schemas.ObjectManifest;
import io.sealstream.schemas.SseMode;
import io.sealstream.schemas.UploadHeader;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline behind the S3 front door, for real: embedded broker, key-service over HTTP,
 * encryptor-streams with exactly-once, store-writer. Chunks go in as ingest-api writes them;
 * manifests and blobs come out and decrypt to the input. Then the secret scan.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineIT {
  private static final byte[] MARKER =
      "PIPELINE-PLAINTEXT-MARKER-91c3".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CUSTOMER_KEY = new byte[32];

  @TempDir static Path dataDir;
  private Stack stack;
  private KafkaProducer<String, byte[]> producer;

  @BeforeAll
  void start() throws Exception {
    Arrays.fill(CUSTOMER_KEY, (byte) 0x3c);
    stack = Stack.start(dataDir);
    Map<String, Object> c = new HashMap<>();
    c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.broker.bootstrapServers());
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    c.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 << 20);
    producer = new KafkaProducer<>(c, new StringSerializer(), new ByteArraySerializer());
  }

  @AfterAll
  void stop() {
    if (producer != null) {
      producer.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  private static byte[] plaintext(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    for (int i = 0; i + MARKER.length <= size; i += 8192) {
      System.arraycopy(MARKER, 0, b, i, MARKER.length);
    }
    return b;
  }

  /** Publishes an object as ingest-api does: 1 MiB chunks, header first, MD5 last. */
  private UploadHeader put(SseMode mode, String key, byte[] data) throws Exception {
    String uploadId = UUID.randomUUID().toString();
    UploadHeader.Builder h =
        UploadHeader.newBuilder()
            .setBucket("pipeline")
            .setObjectKey(key)
            .setVersionId(UUID.randomUUID().toString())
            .setMode(mode)
            .setUserMetadata(Map.of())
            .setCreatedAtMillis(System.currentTimeMillis());
    if (mode == SseMode.SSE_C) {
      h.setCustomerKey(stack.transit.wrap(CUSTOMER_KEY, uploadId));
    }
    if (mode == SseMode.SSE_KMS) {
      h.setKmsKeyId(Stack.DEFAULT_MASTER_KEY).setKmsContext("{\"team\":\"a\"}");
    }
    UploadHeader header = h.build();
    byte[] md5 = MessageDigest.getInstance("MD5").digest(data);
    int chunk = 1 << 20;
    long seq = 0;
    int off = 0;
    do {
      int n = Math.min(chunk, data.length - off);
      boolean last = off + n == data.length;
      ChunkRecord r =
          ChunkRecord.newBuilder()
              .setUploadId(uploadId)
              .setPartNumber(0)
              .setAttemptId(uploadId)
              .setSequence(seq)
              .setOffset(off)
              .setData(ByteBuffer.wrap(data, off, n).slice())
              .setLast(last)
              .setHeader(seq == 0 ? header : null)
              .setMd5(last ? ByteBuffer.wrap(md5) : null)
              .build();
      String topic = stack.topics.chunks();
      producer
          .send(new ProducerRecord<>(topic, uploadId, stack.serde(ChunkRecord.class).serialize(topic, r)))
          .get();
      seq++;
      off += n;
    } while (off < data.length);
    return header;
  }

  private Map<String, ObjectManifest> awaitManifests(int count) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.broker.bootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "check-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, ObjectManifest> byVersion = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(stack.topics.objects()));
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (byVersion.size() < count && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          ObjectManifest m = stack.serde(ObjectManifest.class).deserialize(r.topic(), r.value());
          byVersion.put(m.getVersionId(), m);
        }
      }
    }
    return byVersion;
  }

  private byte[] readBack(ObjectManifest m) throws Exception {
    if (m.getSize() == 0) {
      return new byte[0];
    }
    ExternalKey ek =
        m.getMode() == SseMode.SSE_C
            ? ExternalKey.copyOf(CUSTOMER_KEY)
            : stack.keys.openBucketKey(
                m.getBucket(),
                m.getKmsKeyId(),
                RecordBytes.toArray(m.getKmsKeyCiphertext()),
                m.getMode() == SseMode.SSE_KMS ? m.getKmsContext() : null);
    SealingMode mode =
        switch (m.getMode()) {
          case SSE_C -> SealingMode.SSE_C;
          case SSE_S3 -> SealingMode.SSE_S3;
          case SSE_KMS -> SealingMode.SSE_KMS;
        };
    ObjectKey oek =
        ObjectKey.unseal(
            ek,
            mode,
            new ObjectIdentity(m.getBucket(), m.getObjectKey(), m.getVersionId()),
            SealedObjectKey.fromBytes(RecordBytes.toArray(m.getSealedObjectKey())));
    long encrypted = m.getParts().get(0).getEncryptedSize();
    try (InputStream blob = stack.blobs.read(new BlobId(m.getBlobId()), 0, encrypted);
        InputStream plain = new DareInputStream(blob, oek.dataKey())) {
      return plain.readAllBytes();
    }
  }


  @Test
  void objectsInEveryMode_areStoredEncrypted_andNoPlaintextOrKeyRemains() throws Exception {
    // Given objects of several sizes in each mode, published as ingest-api publishes them
    Map<String, byte[]> expected = new HashMap<>();
    int[] sizes = {0, 1, 65_536, 65_537, 3_000_000};
    int n = 0;
    for (SseMode mode : SseMode.values()) {
      for (int size : sizes) {
        byte[] data = plaintext(size, n);
        UploadHeader h = put(mode, mode + "/" + size, data);
        expected.put(h.getVersionId(), data);
        n++;
      }
    }

    // When the pipeline has stored them
    Map<String, ObjectManifest> manifests = awaitManifests(expected.size());

    // Then every one decrypts to its plaintext under its own key
    assertThat(manifests.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (var e : manifests.entrySet()) {
      assertThat(readBack(e.getValue())).as(e.getValue().getObjectKey()).isEqualTo(expected.get(e.getKey()));
    }
    // And once the truncator has run, Kafka serves none of the plaintext chunks
    Thread.sleep(6_000);
    assertThat(readableChunks()).as("plaintext chunks still readable from Kafka").isZero();
    // And no file holds the plaintext marker or the SSE-C key, except the chunks topic's own
    // segment files, which the broker deletes only when they roll (docs/security.md)
    List<Path> leaks = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        byte[] content = Files.readAllBytes(f);
        if (contains(content, CUSTOMER_KEY)
            || (contains(content, MARKER) && !f.toString().contains("sealstream.chunks-"))) {
          leaks.add(dataDir.relativize(f));
        }
      }
    }
    assertThat(leaks).as("files holding plaintext or the SSE-C key").isEmpty();
    // And the logs of this run (every library at INFO, Sealstream at DEBUG) mention neither the
    // marker nor the customer key, raw, in hex or in base64
    String logs = Files.readString(Path.of("target/it-logs/all.log"), StandardCharsets.ISO_8859_1);
    assertThat(logs).isNotEmpty();
    assertThat(logs)
        .doesNotContain(new String(MARKER, StandardCharsets.ISO_8859_1))
        .doesNotContain(new String(CUSTOMER_KEY, StandardCharsets.ISO_8859_1))
        .doesNotContainIgnoringCase(java.util.HexFormat.of().formatHex(CUSTOMER_KEY))
        .doesNotContain(java.util.Base64.getEncoder().encodeToString(CUSTOMER_KEY));
  }

  private int readableChunks() {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.broker.bootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "scan-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    int count = 0;
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(stack.topics.chunks()));
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (System.nanoTime() < deadline) {
        count += consumer.poll(Duration.ofMillis(200)).count();
      }
    }
    return count;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
