package io.sealstream.blobstore;

import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Where ciphertext is stored. A blob is written in pieces at explicit offsets into a pending
 * blob (so a replayed piece rewrites the same bytes), then committed: from that moment it is
 * durable and visible under its id, all at once. Implementations are thread-safe; writes to one
 * pending blob must come from one writer at a time.
 */
public interface BlobStore {

  /** Writes {@code data} at {@code offset} of the pending blob {@code id}, creating it. */
  void write(BlobId id, long offset, ByteBuffer data) throws BlobStoreException;

  /**
   * Makes the pending blob durable and visible under {@code id}. Idempotent: committing a blob
   * that is already committed with {@code expectedSize} bytes succeeds.
   *
   * @throws BlobStoreException if the pending blob is missing or not {@code expectedSize} bytes
   */
  void commit(BlobId id, long expectedSize) throws BlobStoreException;

  /** Drops a pending blob, if any. */
  void abort(BlobId id) throws BlobStoreException;

  /** Size of a committed blob, or -1 if there is none. */
  long size(BlobId id) throws BlobStoreException;

  /** Reads {@code [offset, offset + length)} of a committed blob. */
  InputStream read(BlobId id, long offset, long length) throws BlobStoreException;

  /** Deletes a committed blob; deleting a missing blob is not an error. */
  void delete(BlobId id) throws BlobStoreException;

  /** A blob as garbage collection sees it. */
  record Listed(BlobId id, boolean committed, java.time.Instant lastModified) {}

  /**
   * Hands every blob, committed and pending, to {@code visitor}, in no particular order. Blobs
   * written or deleted meanwhile may or may not be seen.
   */
  void list(java.util.function.Consumer<Listed> visitor) throws BlobStoreException;
}
