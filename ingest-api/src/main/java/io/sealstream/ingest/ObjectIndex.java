package io.sealstream.ingest;

import io.sealstream.schemas.ObjectManifest;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The objects of every bucket, each bucket's keys in {@link KeyOrder#UTF8} order, so a listing is
 * a range scan of one bucket and "is the bucket empty" is one look at its first entry.
 *
 * <p>One thread writes ({@link ManifestView}'s consumer), any number read. Readers see each
 * bucket's map weakly consistently: a listing running during writes may or may not include
 * them, never a torn entry.
 */
final class ObjectIndex {
  private final ConcurrentHashMap<String, ConcurrentSkipListMap<String, ObjectManifest>> buckets =
      new ConcurrentHashMap<>();

  /** Applies a record of the objects topic: key "bucket/key", null manifest = tombstone. */
  void apply(String recordKey, ObjectManifest manifest) {
    int slash = recordKey.indexOf('/');
    if (slash <= 0) {
      throw new IllegalArgumentException("object record key without a bucket");
    }
    // Bucket names never contain '/', so the first one separates bucket and key.
    String bucket = recordKey.substring(0, slash);
    String key = recordKey.substring(slash + 1);
    if (manifest != null) {
      buckets.computeIfAbsent(bucket, b -> new ConcurrentSkipListMap<>(KeyOrder.UTF8)).put(key, manifest);
    } else {
      buckets.computeIfPresent(bucket, (b, objects) -> {
        objects.remove(key);
        return objects.isEmpty() ? null : objects;
      });
    }
  }

  ObjectManifest get(String bucket, String key) {
    NavigableMap<String, ObjectManifest> objects = buckets.get(bucket);
    return objects == null ? null : objects.get(key);
  }

  /** The bucket's objects by key, read-only, in {@link KeyOrder#UTF8} order. */
  NavigableMap<String, ObjectManifest> bucket(String bucket) {
    NavigableMap<String, ObjectManifest> objects = buckets.get(bucket);
    return objects == null
        ? Collections.emptyNavigableMap()
        : Collections.unmodifiableNavigableMap(objects);
  }

  boolean hasObjects(String bucket) {
    NavigableMap<String, ObjectManifest> objects = buckets.get(bucket);
    return objects != null && !objects.isEmpty();
  }

  /** Hands every object of every bucket to {@code visitor} (weakly consistent). */
  void forEach(java.util.function.Consumer<ObjectManifest> visitor) {
    for (NavigableMap<String, ObjectManifest> objects : buckets.values()) {
      objects.values().forEach(visitor);
    }
  }

  /** Objects over all buckets (counts every bucket: for logs, not for requests). */
  long size() {
    long n = 0;
    for (NavigableMap<String, ObjectManifest> objects : buckets.values()) {
      n += objects.size();
    }
    return n;
  }
}
