package io.sealstream.ingest;

import io.sealstream.schemas.AvroWireSerde;
import io.sealstream.schemas.ObjectEvent;
import io.sealstream.schemas.ObjectEventType;
import io.sealstream.schemas.ObjectManifest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deletes objects, for DeleteObject and DeleteObjects alike: a tombstone on the {@code objects}
 * topic, then a DELETED event, then a wait until this process's view no longer holds the
 * version, so the next request sees the object gone. A key that does not exist counts as
 * deleted (S3 answers 204 for it too).
 */
final class ObjectDeletion {
  private final ManifestView view;
  private final Publisher publisher;
  private final IngestTopics topics;
  private final AvroWireSerde<ObjectEvent> events;
  private final Duration timeout;

  ObjectDeletion(
      ManifestView view, Publisher publisher, IngestTopics topics, AvroWireSerde<ObjectEvent> events,
      Duration timeout) {
    this.view = view;
    this.publisher = publisher;
    this.topics = topics;
    this.events = events;
    this.timeout = timeout;
  }

  /** DeleteObject: 204 whether or not the key existed; NoSuchBucket without the bucket. */
  void deleteObject(S3Call call) throws S3Exception {
    if (view.bucket(call.bucket()) == null) {
      throw S3Error.NO_SUCH_BUCKET.exception();
    }
    Map<String, S3Exception> failures = deleteAll(call.bucket(), List.of(call.key()));
    if (!failures.isEmpty()) {
      throw failures.values().iterator().next();
    }
    call.send(204, 0);
  }

  /**
   * Deletes {@code keys} of {@code bucket} and returns the ones that failed, with why; every
   * other key is gone (or never existed). Tombstones go out through one window of sends and are
   * all acknowledged before any DELETED event is sent, so no event announces a deletion that
   * Kafka refused.
   */
  Map<String, S3Exception> deleteAll(String bucket, List<String> keys) {
    Map<String, ObjectManifest> doomed = new LinkedHashMap<>();
    for (String key : keys) {
      ObjectManifest m = view.object(bucket, key);
      if (m != null) {
        doomed.put(key, m);
      }
    }
    Map<String, S3Exception> failures = new LinkedHashMap<>();
    if (doomed.isEmpty()) {
      return failures;
    }
    S3Exception sendFailure = null;
    try {
      Publisher.InFlight tombstones = publisher.window();
      for (String key : doomed.keySet()) {
        tombstones.send(topics.objects(), ManifestView.objectKey(bucket, key), null);
      }
      tombstones.awaitAll();
      Publisher.InFlight announced = publisher.window();
      long now = System.currentTimeMillis();
      for (Map.Entry<String, ObjectManifest> e : doomed.entrySet()) {
        announced.send(topics.events(), ManifestView.objectKey(bucket, e.getKey()),
            events.serialize(topics.events(), deletedEvent(e.getValue(), now)));
      }
      announced.awaitAll();
    } catch (S3Exception e) {
      // Which sends landed is unknown: the view tells, without waiting for what may never come.
      sendFailure = e;
    }
    Duration wait = sendFailure == null ? timeout : Duration.ZERO;
    for (Map.Entry<String, ObjectManifest> e : doomed.entrySet()) {
      if (!view.awaitGone(bucket, e.getKey(), e.getValue().getVersionId(), wait)) {
        failures.put(e.getKey(),
            sendFailure != null ? sendFailure : S3Error.SERVICE_UNAVAILABLE.exception());
      }
    }
    return failures;
  }

  private static ObjectEvent deletedEvent(ObjectManifest m, long now) {
    return ObjectEvent.newBuilder()
        .setType(ObjectEventType.DELETED)
        .setBucket(m.getBucket())
        .setObjectKey(m.getObjectKey())
        .setVersionId(m.getVersionId())
        .setUploadId(m.getUploadId())
        .setSize(m.getSize())
        .setMode(m.getMode())
        .setTimeMillis(now)
        .build();
  }
}
