package io.sealstream.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealstream.schemas.MultipartKey;
import io.sealstream.schemas.MultipartUpload;
import io.sealstream.schemas.ObjectManifest;
import io.sealstream.schemas.SchemaRegistry;
import io.sealstream.schemas.SseMode;
import io.sealstream.schemas.UploadHeader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * "Which objects depend on master key K", answered from the pipeline's own records: the
 * compacted {@code objects} topic (every stored object's manifest names the master key of its
 * bucket key: SSE-KMS keys, and the default key for SSE-S3; single and multipart alike) and the
 * compacted {@code uploads} topic (multipart uploads in progress). Each is read from its start
 * to its last committed offset with a {@code read_committed} consumer, the latest record per
 * key winning and tombstones removing, so the answer is the committed state at the moment of
 * the scan. SSE-C objects depend on no master key.
 */
final class KeyDependents {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  /**
   * @param objects how many stored objects depend on the key
   * @param uploads how many multipart uploads in progress do
   * @param firstObjects up to the asked number of them, as {@code bucket/key}, sorted
   */
  record Report(String masterKey, long objects, long uploads, List<String> firstObjects) {
    Report {
      Objects.requireNonNull(masterKey, "masterKey");
      firstObjects = List.copyOf(firstObjects);
      if (objects < 0 || uploads < 0 || firstObjects.size() > objects) {
        throw new IllegalArgumentException("inconsistent dependents report");
      }
    }

    boolean any() {
      return objects > 0 || uploads > 0;
    }

    String summary() {
      return objects + " object(s) and " + uploads + " multipart upload(s) in progress depend on '"
          + masterKey + "'";
    }

    String toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key", masterKey);
      m.put("objects", objects);
      m.put("uploadsInProgress", uploads);
      m.put("firstObjects", firstObjects);
      try {
        return new ObjectMapper().writeValueAsString(m);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private KeyDependents() {}

  /** Scans both topics on the cluster at {@code bootstrap} for dependents of {@code masterKey}. */
  static Report scan(
      String bootstrap, StackTopics topics, SchemaRegistry registry, String masterKey, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("--limit must be at least 0");
    }
    Deserializer<ObjectManifest> manifests = Services.serde(ObjectManifest.class, registry).deserializer();
    Deserializer<MultipartUpload> uploads = Services.serde(MultipartUpload.class, registry).deserializer();
    TreeMap<String, Boolean> objectDependents = new TreeMap<>();
    readCompacted(bootstrap, topics.objects(), (key, value) -> {
      ObjectManifest m = value == null ? null : manifests.deserialize(topics.objects(), value);
      if (m != null && masterKey.equals(m.getKmsKeyId())) {
        objectDependents.put(key, Boolean.TRUE);
      } else {
        objectDependents.remove(key);
      }
    });
    Map<String, Boolean> uploadDependents = new HashMap<>();
    readCompacted(bootstrap, topics.ingest().uploads(), (key, value) -> {
      MultipartUpload u = value == null ? null : uploads.deserialize(topics.ingest().uploads(), value);
      if (u != null && masterKey.equals(masterKeyOf(u.getHeader()))) {
        uploadDependents.put(key, Boolean.TRUE);
      } else {
        uploadDependents.remove(key);
      }
    });
    List<String> first = new ArrayList<>(objectDependents.keySet()).subList(0, Math.min(limit, objectDependents.size()));
    return new Report(masterKey, objectDependents.size(), uploadDependents.size(), first);
  }

  /** The master key an upload's parts are sealed under: the one its object key was sealed with. */
  static String masterKeyOf(UploadHeader h) {
    if (h.getMode() == SseMode.SSE_C) {
      return null;
    }
    MultipartKey mk = h.getMultipart();
    if (mk != null && mk.getKmsKeyId() != null) {
      return mk.getKmsKeyId();
    }
    return h.getKmsKeyId() != null ? h.getKmsKeyId() : Services.DEFAULT_MASTER_KEY;
  }

  /** Hands every committed record of {@code topic}, in offset order per partition, to {@code each}. */
  private static void readCompacted(String bootstrap, String topic, BiConsumer<String, byte[]> each) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "sealstream-kms-dependents");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, READ_TIMEOUT).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // read_committed: the end is the last stable offset, so open transactions are not waited for
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (!partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end within " + READ_TIMEOUT);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.key() != null && r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
            each.accept(new String(r.key(), StandardCharsets.UTF_8), r.value());
          }
        }
      }
    }
  }
}
