package io.sealstream.ingest;

import io.sealstream.schemas.AvroWireSerde;
import io.sealstream.schemas.BucketRecord;
import io.sealstream.schemas.ObjectManifest;
import io.sealstream.schemas.SchemaRegistry;
import java.time.Duration;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's view of the {@code objects} and {@code buckets} topics ({@link TopicView}):
 * bucket → {@link BucketRecord} and each bucket's objects in listing order ({@link ObjectIndex});
 * a null value deletes. Handlers read it and wait on it ({@link #awaitVersion}), which makes a
 * PUT answered 200 readable by the next GET.
 *
 * <p>Thread-safe. {@link #start} once, {@link #close} once.
 */
final class ManifestView extends TopicView {
  private static final Logger LOG = LoggerFactory.getLogger(ManifestView.class);

  private final String objectsTopic;
  private final AvroWireSerde<ObjectManifest> manifests;
  private final AvroWireSerde<BucketRecord> buckets;
  private final ObjectIndex objects = new ObjectIndex();
  private final NavigableMap<String, BucketRecord> bucketMap = new ConcurrentSkipListMap<>();

  ManifestView(String bootstrapServers, IngestTopics topics, SchemaRegistry registry) {
    super(bootstrapServers, "manifest-view", List.of(topics.objects(), topics.buckets()));
    this.objectsTopic = topics.objects();
    this.manifests = new AvroWireSerde<>(ObjectManifest.class, registry);
    this.buckets = new AvroWireSerde<>(BucketRecord.class, registry);
  }

  @Override
  protected void apply(ConsumerRecord<String, byte[]> r) {
    try {
      if (r.topic().equals(objectsTopic)) {
        objects.apply(r.key(), r.value() == null ? null : manifests.deserialize(r.topic(), r.value()));
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

  @Override
  protected String describe() {
    return objects.size() + " objects, " + bucketMap.size() + " buckets";
  }

  static String objectKey(String bucket, String key) {
    return bucket + "/" + key;
  }

  ObjectManifest object(String bucket, String key) {
    return objects.get(bucket, key);
  }

  /**
   * The object, and when the view has none, the view's answer once it read everything committed
   * so far: another ingest-api process may have answered its PUT a moment ago (read-after-write
   * across processes; a hit is answered at once, so an overwrite made through another process
   * can still show the previous version for as long as this view lags).
   */
  ObjectManifest objectAfterAnyWrite(String bucket, String key, Duration timeout) {
    return findAfterAnyWrite(() -> objects.get(bucket, key), timeout);
  }

  /** The bucket, looked up like {@link #objectAfterAnyWrite}. */
  BucketRecord bucketAfterAnyWrite(String name, Duration timeout) {
    return findAfterAnyWrite(() -> bucketMap.get(name), timeout);
  }

  /**
   * The bucket's objects by key in {@link KeyOrder#UTF8} order, read-only and live (weakly
   * consistent while the view applies records).
   */
  NavigableMap<String, ObjectManifest> objects(String bucket) {
    return objects.bucket(bucket);
  }

  /** Hands every object of every bucket to {@code visitor} (weakly consistent). */
  void forEachObject(Consumer<ObjectManifest> visitor) {
    objects.forEach(visitor);
  }

  BucketRecord bucket(String name) {
    return bucketMap.get(name);
  }

  /** Every bucket, by name. */
  List<BucketRecord> buckets() {
    return List.copyOf(bucketMap.values());
  }

  boolean bucketHasObjects(String bucket) {
    return objects.hasObjects(bucket);
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

  /** Waits until the view holds exactly {@code record} for its bucket; false on timeout. */
  boolean awaitBucketRecord(BucketRecord record, Duration timeout) {
    String name = record.getName();
    return await(() -> record.equals(bucket(name)), timeout);
  }
}
