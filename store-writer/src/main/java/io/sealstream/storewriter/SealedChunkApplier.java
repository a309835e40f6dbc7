package io.sealstream.storewriter;

import io.sealstream.blobstore.BlobId;
import io.sealstream.blobstore.BlobStore;
import io.sealstream.blobstore.BlobStoreException;
import io.sealstream.schemas.ObjectEvent;
import io.sealstream.schemas.ObjectEvents;
import io.sealstream.schemas.ObjectManifest;
import io.sealstream.schemas.PartRecord;
import io.sealstream.schemas.SealedChunkRecord;
import java.util.Objects;

/**
 * Applies one sealed chunk to the blob store. Idempotent: a record replayed after a crash
 * rewrites the same bytes at the same offset, or is skipped when its blob is already committed.
 * Thread-safe if the store is.
 */
public final class SealedChunkApplier {
  private final BlobStore store;

  public SealedChunkApplier(BlobStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * What to publish after a record was applied: nothing, or for a completed single-part object
   * its manifest and event, or for a completed multipart part its part record.
   */
  public record Applied(ObjectManifest manifest, ObjectEvent event, PartRecord part) {
    /** Nothing to publish: the upload attempt is not complete yet. */
    static final Applied NOTHING = new Applied(null, null, null);
  }

  /** The blob of one upload attempt of one part. */
  static BlobId blobId(SealedChunkRecord r) {
    return new BlobId(r.getUploadId() + "." + r.getPartNumber() + "." + r.getAttemptId());
  }

  /**
   * Writes the record's packages; on the last record of an object commits the blob and returns
   * the manifest (with its blob id) and the event to publish. {@link #write} then {@link #commit}.
   *
   * @throws BlobStoreException on a storage failure: retry the record later
   * @throws IllegalArgumentException if the record is malformed (a dead letter)
   */
  public Applied apply(SealedChunkRecord record, long nowMillis) throws BlobStoreException {
    Completion completion = write(record, nowMillis);
    return completion == null ? Applied.NOTHING : commit(completion);
  }

  /**
   * The last record of an upload attempt, written and checked, whose blob is still to be
   * committed: the slow part (fsync, rename, directory fsync), which a writer may run for several
   * blobs at once.
   */
  public record Completion(BlobId blob, long size, SealedChunkRecord record, long nowMillis) {}

  /**
   * Writes the record's packages at their offset (idempotent: skipped when the blob is already
   * committed) and checks a last record against the bytes written.
   *
   * @return for the last record of an attempt, what {@link #commit} must finish; else null
   * @throws BlobStoreException on a storage failure: retry the record later
   * @throws IllegalArgumentException if the record is malformed (a dead letter)
   */
  public Completion write(SealedChunkRecord record, long nowMillis) throws BlobStoreException {
    if (record.getOffset() < 0) {
      throw new IllegalArgumentException("negative offset");
    }
    BlobId id = blobId(record);
    long end = record.getOffset() + record.getData().remaining();
    if (store.size(id) < 0 && record.getData().hasRemaining()) {
      store.write(id, record.getOffset(), record.getData());
    }
    if (!record.getLast()) {
      return null;
    }
    if (record.getPart() != null) {
      PartRecord part = record.getPart();
      if (part.getPart().getNumber() != record.getPartNumber()
          || !part.getUploadId().equals(record.getUploadId())
          || !part.getAttemptId().equals(record.getAttemptId())) {
        throw new IllegalArgumentException("part record does not match its sealed chunks");
      }
      if (part.getPart().getEncryptedSize() != end) {
        throw new IllegalArgumentException(
            "part record says " + part.getPart().getEncryptedSize() + " ciphertext bytes, the chunks hold " + end);
      }
      return new Completion(id, end, record, nowMillis);
    }
    ObjectManifest manifest = record.getManifest();
    if (manifest == null) {
      throw new IllegalArgumentException("last sealed chunk carries neither a manifest nor a part");
    }
    long encryptedSize = manifest.getParts().stream().mapToLong(p -> p.getEncryptedSize()).sum();
    if (encryptedSize != end) {
      throw new IllegalArgumentException(
          "manifest says " + encryptedSize + " ciphertext bytes, the chunks hold " + end);
    }
    return new Completion(id, end, record, nowMillis);
  }

  /**
   * Commits the blob of a completed attempt and returns what to publish: the manifest (with its
   * blob id) and event of an object, or the part record of a multipart part. Idempotent.
   *
   * @throws BlobStoreException on a storage failure: retry later
   */
  public Applied commit(Completion c) throws BlobStoreException {
    store.commit(c.blob(), c.size());
    // the records are ours (freshly decoded): set the blob id in place rather than deep-copying
    PartRecord part = c.record().getPart();
    if (part != null) {
      part.getPart().setBlobId(c.blob().value());
      part.setStoredAtMillis(c.nowMillis());
      return new Applied(null, null, part);
    }
    ObjectManifest manifest = c.record().getManifest();
    manifest.setBlobId(c.blob().value());
    return new Applied(manifest, ObjectEvents.stored(manifest, c.nowMillis()), null);
  }

  /** The key of a part on the parts topic. */
  public static String partKey(String uploadId, int partNumber) {
    return uploadId + "/" + partNumber;
  }

  /** The key of an object on the objects and events topics. */
  public static String objectKey(String bucket, String objectKey) {
    return bucket + "/" + objectKey;
  }
}
