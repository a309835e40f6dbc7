package io.sealstream.ingest;

import io.sealstream.schemas.AvroWireSerde;
import io.sealstream.schemas.MultipartUpload;
import io.sealstream.schemas.PartRecord;
import io.sealstream.schemas.SchemaRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's view of the multipart uploads in progress ({@code uploads}) and of their stored
 * parts ({@code parts}): upload id → upload, and per upload the current attempt of each part.
 * Thread-safe.
 */
final class UploadsView extends TopicView {
  private static final Logger LOG = LoggerFactory.getLogger(UploadsView.class);
  /** Part attempts remembered after a later attempt replaced them, so their waiters finish. */
  private static final int RECENT_ATTEMPTS = 10_000;

  private final String uploadsTopic;
  private final AvroWireSerde<MultipartUpload> uploadSerde;
  private final AvroWireSerde<PartRecord> partSerde;
  private final Map<String, MultipartUpload> uploads = new ConcurrentHashMap<>();
  private final Map<String, NavigableMap<Integer, PartRecord>> parts = new ConcurrentHashMap<>();
  private final Map<String, PartRecord> recentAttempts =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PartRecord> eldest) {
          return size() > RECENT_ATTEMPTS;
        }
      };

  UploadsView(String bootstrapServers, IngestTopics topics, SchemaRegistry registry) {
    super(bootstrapServers, "uploads-view", List.of(topics.uploads(), topics.parts()));
    this.uploadsTopic = topics.uploads();
    this.uploadSerde = new AvroWireSerde<>(MultipartUpload.class, registry);
    this.partSerde = new AvroWireSerde<>(PartRecord.class, registry);
  }

  @Override
  protected void apply(ConsumerRecord<String, byte[]> r) {
    try {
      if (r.topic().equals(uploadsTopic)) {
        if (r.value() == null) {
          uploads.remove(r.key());
        } else {
          uploads.put(r.key(), uploadSerde.deserialize(r.topic(), r.value()));
        }
        return;
      }
      int slash = r.key().lastIndexOf('/');
      if (slash <= 0) {
        throw new IllegalArgumentException("part key without a part number");
      }
      String uploadId = r.key().substring(0, slash);
      int number = Integer.parseInt(r.key().substring(slash + 1));
      if (r.value() == null) {
        NavigableMap<Integer, PartRecord> of = parts.get(uploadId);
        if (of != null) {
          of.remove(number);
          if (of.isEmpty()) {
            parts.remove(uploadId, of);
          }
        }
        return;
      }
      PartRecord part = partSerde.deserialize(r.topic(), r.value());
      parts.computeIfAbsent(uploadId, k -> new ConcurrentSkipListMap<>()).put(number, part);
      synchronized (recentAttempts) {
        recentAttempts.put(part.getAttemptId(), part);
      }
    } catch (RuntimeException e) {
      // coordinates only, never the payload
      LOG.warn("skipping unreadable record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.toString());
    }
  }

  @Override
  protected String describe() {
    return uploads.size() + " multipart uploads in progress";
  }

  /** The upload, or null when it does not exist (never created, completed or aborted). */
  MultipartUpload upload(String uploadId) {
    return uploads.get(uploadId);
  }

  /** Every upload in progress, in no particular order. */
  List<MultipartUpload> uploads() {
    return new ArrayList<>(uploads.values());
  }

  /** The current attempt of each stored part of the upload, by part number (a snapshot). */
  NavigableMap<Integer, PartRecord> parts(String uploadId) {
    NavigableMap<Integer, PartRecord> of = parts.get(uploadId);
    return of == null ? new ConcurrentSkipListMap<>() : new ConcurrentSkipListMap<>(of);
  }

  /** Every upload id that has part records, including those whose upload is gone. */
  List<String> uploadIdsWithParts() {
    return new ArrayList<>(parts.keySet());
  }

  /** Waits until the part attempt was stored; its record, or null on timeout. */
  PartRecord awaitAttempt(String attemptId, Duration timeout) {
    PartRecord[] found = new PartRecord[1];
    await(() -> {
      synchronized (recentAttempts) {
        found[0] = recentAttempts.get(attemptId);
      }
      return found[0] != null;
    }, timeout);
    return found[0];
  }

  /** Waits until the upload is present (or gone); false on timeout. */
  boolean awaitUpload(String uploadId, boolean present, Duration timeout) {
    return await(() -> (uploads.get(uploadId) != null) == present, timeout);
  }
}
