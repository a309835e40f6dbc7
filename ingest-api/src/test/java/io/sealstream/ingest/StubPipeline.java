package io.sealstream.ingest;

import io.sealstream.blobstore.BlobId;
import io.sealstream.blobstore.BlobStore;
import io.sealstream.channel.CipherSuite;
import io.sealstream.channel.DareFormat;
import io.sealstream.channel.DareKey;
import io.sealstream.channel.DareOutputStream;
import io.sealstream.channel.ExternalKey;
import io.sealstream.channel.ObjectIdentity;
import io.sealstream.channel.ObjectKey;
import io.sealstream.channel.SealingMode;
import io.sealstream.keymaterial.KeyMaterialSource;
import io.sealstream.schemas.AvroWireSerde;
import io.sealstream.schemas.ChunkRecord;
import io.sealstream.schemas.ObjectManifest;
import io.sealstream.schemas.PartManifest;
import io.sealstream.schemas.SchemaRegistry;
import io.sealstream.schemas.SseMode;
import io.sealstream.schemas.UploadHeader;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Stands in for encryptor-streams + store-writer in ingest-api's IT: gathers each upload's chunks
 * in memory, and on the last one encrypts them for real (secure-channel), writes the blob and
 * publishes the manifest. Small objects only; the launcher's end-to-end test runs the real thing.
 */
final class StubPipeline implements AutoCloseable {
  private final IngestTopics topics;
  private final BlobStore blobs;
  private final KeyMaterialSource keys;
  private final AvroWireSerde<ChunkRecord> chunks;
  private final AvroWireSerde<ObjectManifest> manifests;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, byte[]> producer;
  private final Map<String, Upload> uploads = new HashMap<>();
  /** Every chunk record value seen, as bytes, so tests can look for leaked key material. */
  final List<byte[]> rawChunks = new CopyOnWriteArrayList<>();
  final Map<String, Throwable> failures = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  private static final class Upload {
    UploadHeader header;
    final ByteArrayOutputStream data = new ByteArrayOutputStream();
    long nextSequence;
  }

  StubPipeline(String bootstrap, IngestTopics topics, BlobStore blobs, KeyMaterialSource keys,
      SchemaRegistry registry) {
    this.topics = topics;
    this.blobs = blobs;
    this.keys = keys;
    this.chunks = new AvroWireSerde<>(ChunkRecord.class, registry);
    this.manifests = new AvroWireSerde<>(ObjectManifest.class, registry);
    this.consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
        new StringDeserializer(), new ByteArrayDeserializer());
    this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"),
        new StringSerializer(), new ByteArraySerializer());
    List<TopicPartition> partitions = IntStream.range(0, 4)
        .mapToObj(p -> new TopicPartition(topics.chunks(), p)).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    thread = new Thread(this::run, "stub-pipeline");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          rawChunks.add(r.value());
          ChunkRecord c = chunks.deserialize(r.topic(), r.value());
          try {
            accept(c);
          } catch (Exception | AssertionError e) {
            failures.put(c.getUploadId(), e);
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close();
    }
  }

  private void accept(ChunkRecord c) throws Exception {
    Upload u = uploads.computeIfAbsent(c.getUploadId(), id -> new Upload());
    if (c.getSequence() != u.nextSequence || c.getOffset() != u.data.size()) {
      throw new IllegalStateException("gap in upload " + c.getUploadId());
    }
    if (c.getSequence() == 0) {
      u.header = c.getHeader();
    }
    u.nextSequence++;
    ByteBuffer d = c.getData().duplicate();
    byte[] bytes = new byte[d.remaining()];
    d.get(bytes);
    u.data.write(bytes);
    if (c.getLast()) {
      uploads.remove(c.getUploadId());
      store(c, u);
    }
  }

  private void store(ChunkRecord last, Upload u) throws Exception {
    UploadHeader h = u.header;
    ExternalKey ek;
    String masterKeyId = null;
    byte[] ciphertext = null;
    if (h.getMode() == SseMode.SSE_C) {
      ek = keys.unwrapCustomerKey(h.getCustomerKey(), last.getUploadId());
    } else {
      KeyMaterialSource.BucketKey bk = keys.bucketKey(h.getBucket(), h.getKmsKeyId(), h.getKmsContext());
      ek = bk.key();
      masterKeyId = bk.masterKeyId();
      ciphertext = bk.ciphertext();
    }
    SealingMode mode = switch (h.getMode()) {
      case SSE_C -> SealingMode.SSE_C;
      case SSE_S3 -> SealingMode.SSE_S3;
      case SSE_KMS -> SealingMode.SSE_KMS;
    };
    ObjectKey oek = ObjectKey.generate(ek);
    byte[] sealed = oek.seal(ek, mode, new ObjectIdentity(h.getBucket(), h.getObjectKey(), h.getVersionId())).toBytes();
    byte[] plain = u.data.toByteArray();
    ByteArrayOutputStream ct = new ByteArrayOutputStream();
    DareKey dataKey = oek.dataKey();
    try (DareOutputStream out = new DareOutputStream(ct, dataKey, CipherSuite.forThisMachine())) {
      out.write(plain);
    }
    BlobId blob = new BlobId(h.getVersionId());
    byte[] cipher = ct.toByteArray();
    blobs.write(blob, 0, ByteBuffer.wrap(cipher));
    blobs.commit(blob, cipher.length);
    byte[] md5 = new byte[16];
    last.getMd5().duplicate().get(md5);
    ObjectManifest m = ObjectManifest.newBuilder()
        .setBucket(h.getBucket())
        .setObjectKey(h.getObjectKey())
        .setVersionId(h.getVersionId())
        .setUploadId(last.getUploadId())
        .setMode(h.getMode())
        .setSealedObjectKey(ByteBuffer.wrap(sealed))
        .setKmsKeyId(masterKeyId)
        .setKmsKeyCiphertext(ciphertext == null ? null : ByteBuffer.wrap(ciphertext))
        .setKmsContext(h.getKmsContext())
        .setSize(plain.length)
        .setParts(List.of(PartManifest.newBuilder()
            .setNumber(0)
            .setSize(plain.length)
            .setEncryptedSize(DareFormat.encryptedSize(plain.length))
            .setSealedEtag(ByteBuffer.wrap(oek.sealEtag(md5)))
            .build()))
        .setBlobId(blob.value())
        .setContentType(h.getContentType())
        .setUserMetadata(h.getUserMetadata())
        .setCreatedAtMillis(h.getCreatedAtMillis())
        .build();
    oek.destroy();
    ek.destroy();
    dataKey.destroy();
    String key = h.getBucket() + "/" + h.getObjectKey();
    producer.send(new ProducerRecord<>(topics.objects(), key, manifests.serialize(topics.objects(), m))).get();
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
    producer.close();
  }
}
