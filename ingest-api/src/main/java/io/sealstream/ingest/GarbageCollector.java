package io.sealstream.ingest;

import io.sealstream.blobstore.BlobId;
import io.sealstream.blobstore.BlobStore;
import io.sealstream.blobstore.BlobStoreException;
import io.sealstream.schemas.MultipartUpload;
import io.sealstream.schemas.PartManifest;
import io.sealstream.schemas.PartRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what no object and no upload in progress refers to: blobs of deleted or overwritten
 * objects, of part attempts that were replaced or never completed, of aborted uploads; pending
 * blobs of uploads that died mid-way; and multipart uploads abandoned for longer than the policy
 * allows.
 *
 * <p>Mark and sweep over two passes: a blob is deleted only when it was unreferenced (and past
 * its grace) in the previous pass too. The objects view and the uploads view are separate
 * consumers that may lag each other by a moment (a completed upload's parts leave one view
 * before its manifest reaches the other); two passes an interval apart make that harmless. Never
 * deletes anything while a view has not caught up. Thread-safe (one pass at a time).
 */
final class GarbageCollector {
  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);

  private final ManifestView objects;
  private final UploadsView uploads;
  private final BlobStore blobs;
  private final Publisher publisher;
  private final IngestTopics topics;
  private final GcPolicy policy;
  private final Clock clock;
  private Set<String> candidates = Set.of();

  GarbageCollector(ManifestView objects, UploadsView uploads, BlobStore blobs, Publisher publisher,
      IngestTopics topics, GcPolicy policy, Clock clock) {
    this.objects = Objects.requireNonNull(objects, "objects");
    this.uploads = Objects.requireNonNull(uploads, "uploads");
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.topics = Objects.requireNonNull(topics, "topics");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  synchronized GcReport pass() throws S3Exception, BlobStoreException {
    if (!objects.isRunning() || !uploads.isRunning()) {
      // a stopped view no longer sees new objects: their blobs would look unreferenced
      throw new IllegalStateException("a view is not running; no garbage collection");
    }
    Instant now = clock.instant();
    int aborted = abortAbandoned(now);

    // referenced: every part of every object, every stored part of every upload (uploads first:
    // a part leaves the uploads view only after its manifest was committed)
    Set<String> referenced = new HashSet<>();
    for (String uploadId : uploads.uploadIdsWithParts()) {
      for (PartRecord p : uploads.parts(uploadId).values()) {
        referenced.add(p.getPart().getBlobId());
      }
    }
    objects.forEachObject(m -> {
      for (PartManifest p : m.getParts()) {
        referenced.add(ObjectReader.blobId(m, p));
      }
    });

    Set<String> unreferenced = new HashSet<>();
    List<BlobId> stalePending = new ArrayList<>();
    Instant blobCutoff = now.minus(policy.blobGrace());
    Instant pendingCutoff = now.minus(policy.pendingGrace());
    blobs.list(b -> {
      if (!b.committed()) {
        if (!b.lastModified().isAfter(pendingCutoff)) {
          stalePending.add(b.id());
        }
      } else if (!referenced.contains(b.id().value()) && !b.lastModified().isAfter(blobCutoff)) {
        unreferenced.add(b.id().value());
      }
    });

    int deleted = 0;
    for (String id : unreferenced) {
      if (candidates.contains(id)) {
        blobs.delete(new BlobId(id));
        deleted++;
      }
    }
    Set<String> next = new HashSet<>(unreferenced);
    next.removeAll(candidates);
    candidates = Set.copyOf(next);
    for (BlobId id : stalePending) {
      blobs.abort(id);
    }
    GcReport report = new GcReport(aborted, deleted, stalePending.size(), candidates.size());
    if (aborted + deleted + stalePending.size() > 0) {
      LOG.info("garbage collection: {}", report);
    }
    return report;
  }

  /** Aborts uploads older than the policy allows, and forgets part records of ended uploads. */
  private int abortAbandoned(Instant now) throws S3Exception {
    long cutoff = now.minus(policy.abandonUploadsAfter()).toEpochMilli();
    int aborted = 0;
    for (MultipartUpload u : uploads.uploads()) {
      if (u.getInitiatedAtMillis() <= cutoff) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        records.add(new ProducerRecord<>(topics.uploads(), u.getUploadId(), null));
        for (int n : uploads.parts(u.getUploadId()).keySet()) {
          records.add(new ProducerRecord<>(topics.parts(), u.getUploadId() + "/" + n, null));
        }
        publisher.atomically(records);
        aborted++;
      }
    }
    // part records whose upload ended (a part that finished after Complete or Abort), once as
    // old as an abandoned upload: their blobs then become garbage like any other
    for (String uploadId : uploads.uploadIdsWithParts()) {
      if (uploads.upload(uploadId) != null) {
        continue;
      }
      for (Map.Entry<Integer, PartRecord> e : uploads.parts(uploadId).entrySet()) {
        if (e.getValue().getStoredAtMillis() <= cutoff) {
          publisher.sendAndWait(topics.parts(), uploadId + "/" + e.getKey(), null);
        }
      }
    }
    return aborted;
  }
}
