package io.sealstream.ingest;

import io.sealstream.blobstore.BlobId;
import io.sealstream.blobstore.BlobStore;
import io.sealstream.channel.DareFormat;
import io.sealstream.channel.DareInputStream;
import io.sealstream.channel.DareKey;
import io.sealstream.channel.ExternalKey;
import io.sealstream.channel.NotAuthenticException;
import io.sealstream.channel.ObjectIdentity;
import io.sealstream.channel.ObjectKey;
import io.sealstream.channel.PackageRange;
import io.sealstream.channel.SealedObjectKey;
import io.sealstream.channel.SealingMode;
import io.sealstream.keymaterial.KeyMaterialSource;
import io.sealstream.keymaterial.KeyUnavailableException;
import io.sealstream.keymaterial.MasterKeyDisabledException;
import io.sealstream.keymaterial.SealedKeyServiceException;
import io.sealstream.keymaterial.UnknownMasterKeyException;
import io.sealstream.schemas.ObjectManifest;
import io.sealstream.schemas.PartManifest;
import io.sealstream.schemas.RecordBytes;
import io.sealstream.schemas.SseMode;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads stored objects: opens an object's key, computes its ETag, and streams the plaintext of
 * any byte range, decrypting only the DARE packages the range touches, across part boundaries.
 * GET, CopyObject and UploadPartCopy all read through here. Thread-safe.
 */
final class ObjectReader {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectReader.class);
  private static final HexFormat HEX = HexFormat.of();

  private final BlobStore blobs;
  private final KeyMaterialSource keySource;

  ObjectReader(BlobStore blobs, KeyMaterialSource keySource) {
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    this.keySource = Objects.requireNonNull(keySource, "keySource");
  }

  /**
   * Checks that the request's SSE-C headers fit the object: required for an SSE-C object, refused
   * for any other. {@code customer} is the parsed SSE-C headers, or null.
   */
  static void checkCustomerKeyFits(ObjectManifest m, SseRequest customer) throws S3Exception {
    if (m.getMode() == SseMode.SSE_C && customer == null) {
      throw S3Error.INVALID_REQUEST.exception(
          "The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.");
    }
    if (m.getMode() != SseMode.SSE_C && customer != null) {
      throw S3Error.INVALID_REQUEST.exception(
          "The encryption parameters are not applicable to this object.");
    }
  }

  /** Opens the object key: SSE-C with the customer's key, SSE-S3/KMS with the bucket key. */
  ObjectKey openObjectKey(ObjectManifest m, SseRequest customer) throws S3Exception {
    ExternalKey ek = externalKey(m, customer);
    try {
      return ObjectKey.unseal(ek, sealingMode(m.getMode()), identity(m),
          SealedObjectKey.fromBytes(RecordBytes.toArray(m.getSealedObjectKey())));
    } catch (NotAuthenticException e) {
      if (m.getMode() == SseMode.SSE_C) {
        throw S3Error.ACCESS_DENIED.exception();
      }
      LOG.error("object key does not open: {}/{} version {}", m.getBucket(), m.getObjectKey(), m.getVersionId());
      throw S3Error.INTERNAL_ERROR.exception();
    } finally {
      ek.destroy();
    }
  }

  /**
   * The external key of the object: the customer's key for SSE-C, the opened bucket key for
   * SSE-S3/KMS. The caller destroys it.
   */
  ExternalKey externalKey(ObjectManifest m, SseRequest customer) throws S3Exception {
    if (m.getMode() == SseMode.SSE_C) {
      byte[] raw = customer.customerKey();
      try {
        return ExternalKey.copyOf(raw);
      } finally {
        Arrays.fill(raw, (byte) 0);
      }
    }
    try {
      return keySource.openBucketKey(m.getBucket(), m.getKmsKeyId(),
          RecordBytes.toArray(m.getKmsKeyCiphertext()), m.getKmsContext());
    } catch (UnknownMasterKeyException e) {
      // the master key was deleted: crypto-erased, unreadable for good (not tampering: no 500)
      throw S3Error.KMS_NOT_FOUND.exception(
          "The KMS key of this object was deleted; the object can no longer be decrypted.");
    } catch (MasterKeyDisabledException e) {
      throw S3Error.KMS_DISABLED.exception(e.getMessage());
    } catch (SealedKeyServiceException e) {
      throw S3Error.SERVICE_UNAVAILABLE.exception("The key service is sealed; retry once an operator unsealed it.");
    } catch (KeyUnavailableException e) {
      LOG.warn("key-service unavailable opening the bucket key of {}: {}", m.getBucket(), e.getMessage());
      throw S3Error.SERVICE_UNAVAILABLE.exception();
    } catch (NotAuthenticException e) {
      LOG.error("bucket key of {}/{} version {} does not open", m.getBucket(), m.getObjectKey(), m.getVersionId());
      throw S3Error.INTERNAL_ERROR.exception();
    }
  }

  /**
   * The ETag, unquoted, as AWS defines it for encrypted objects: for a single-part SSE-S3 object
   * the plaintext MD5 (needs {@code oek}); for SSE-KMS and SSE-C a stable value that is not the
   * MD5 (the tag of the sealed MD5); for a multipart object the MD5 of the parts' ETag bytes
   * followed by "-" and the part count.
   */
  static String etag(ObjectManifest m, ObjectKey oek) throws S3Exception {
    List<PartManifest> parts = m.getParts();
    if (parts.size() == 1 && parts.get(0).getNumber() == 0) {
      return partEtag(m, parts.get(0), oek);
    }
    MessageDigest md5 = md5();
    for (PartManifest p : parts) {
      md5.update(HEX.parseHex(partEtag(m, p, oek)));
    }
    return HEX.formatHex(md5.digest()) + "-" + parts.size();
  }

  /** The ETag of one part (or of a single-part object), unquoted; {@code oek} for SSE-S3. */
  static String partEtag(ObjectManifest m, PartManifest part, ObjectKey oek) throws S3Exception {
    byte[] sealed = RecordBytes.toArray(part.getSealedEtag());
    if (m.getMode() != SseMode.SSE_S3) {
      return HEX.formatHex(sealed, Math.max(0, sealed.length - DareFormat.TAG_SIZE), sealed.length);
    }
    try {
      return HEX.formatHex(oek.unsealEtag(sealed));
    } catch (NotAuthenticException e) {
      LOG.error("sealed ETag of {}/{} version {} does not open", m.getBucket(), m.getObjectKey(), m.getVersionId());
      throw S3Error.INTERNAL_ERROR.exception();
    }
  }

  /**
   * The plaintext of bytes {@code [offset, offset + length)} of the object. Each part's DARE
   * stream is opened lazily with its own key and only over the packages the range needs. Reads
   * throw {@link NotAuthenticException} (an IOException) when stored data is not authentic.
   * The stream owns nothing of {@code oek}: the caller destroys it after closing the stream.
   */
  InputStream open(ObjectManifest m, ObjectKey oek, long offset, long length) {
    return new RangeStream(m, oek, offset, length);
  }

  private final class RangeStream extends BlockInputStream {
    private final ObjectManifest m;
    private final ObjectKey oek;
    private final List<PartManifest> parts;
    private long position; // object offset of the next byte
    private final long end;
    private int partIndex = -1;
    private long partStart; // object offset of the current part's first byte
    private InputStream current;
    private DareKey currentKey;

    RangeStream(ObjectManifest m, ObjectKey oek, long offset, long length) {
      this.m = m;
      this.oek = oek;
      this.parts = m.getParts();
      this.position = offset;
      this.end = offset + length;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      while (position < end) {
        if (current == null) {
          openPartAt(position);
        }
        int n = current.read(b, off, (int) Math.min(len, end - position));
        if (n > 0) {
          position += n;
          return n;
        }
        closePart();
        long partEnd = partStart + parts.get(partIndex).getSize();
        if (position < end && position < partEnd) {
          throw new IOException("part " + parts.get(partIndex).getNumber() + " of "
              + m.getVersionId() + " ended early");
        }
        partStart = partEnd;
        partIndex++;
      }
      return -1;
    }

    private void openPartAt(long objectOffset) throws IOException {
      if (partIndex < 0) {
        partIndex = 0;
        partStart = 0;
      }
      // skip the parts before the offset (and empty parts)
      while (partIndex < parts.size()
          && partStart + parts.get(partIndex).getSize() <= objectOffset) {
        partStart += parts.get(partIndex).getSize();
        partIndex++;
      }
      if (partIndex >= parts.size()) {
        throw new IOException("offset " + objectOffset + " is past the parts of " + m.getVersionId());
      }
      PartManifest part = parts.get(partIndex);
      long within = objectOffset - partStart;
      long want = Math.min(end - objectOffset, part.getSize() - within);
      PackageRange range = DareFormat.range(part.getSize(), within, want);
      currentKey = part.getNumber() == 0 ? oek.dataKey() : oek.partKey(part.getNumber());
      InputStream slice = blobs.read(new BlobId(blobId(m, part)),
          range.encryptedOffset(), range.encryptedLength());
      current = DareInputStream.ofRange(slice, currentKey, range);
    }

    private void closePart() throws IOException {
      try {
        if (current != null) {
          current.close();
        }
      } finally {
        current = null;
        if (currentKey != null) {
          currentKey.destroy();
          currentKey = null;
        }
      }
    }

    @Override
    public void close() throws IOException {
      position = end;
      closePart();
    }
  }

  /** Where a part's ciphertext is: its own blob, or the object's (single-part objects). */
  static String blobId(ObjectManifest m, PartManifest part) {
    String own = part.getBlobId();
    return own == null || own.isEmpty() ? m.getBlobId() : own;
  }

  static SealingMode sealingMode(SseMode mode) {
    return switch (mode) {
      case SSE_C -> SealingMode.SSE_C;
      case SSE_S3 -> SealingMode.SSE_S3;
      case SSE_KMS -> SealingMode.SSE_KMS;
    };
  }

  static ObjectIdentity identity(ObjectManifest m) {
    return new ObjectIdentity(m.getBucket(), m.getObjectKey(), m.getVersionId());
  }

  /** The SSE response headers of an object: mode, KMS key id, or the SSE-C algorithm + key MD5. */
  static void sseResponseHeaders(S3Call call, ObjectManifest m, String customerKeyMd5) {
    switch (m.getMode()) {
      case SSE_S3 -> call.setHeader(SseRequest.SSE, "AES256");
      case SSE_KMS -> {
        call.setHeader(SseRequest.SSE, "aws:kms");
        if (m.getKmsKeyId() != null) {
          call.setHeader(SseRequest.KMS_KEY_ID, "arn:aws:kms:" + m.getKmsKeyId());
        }
      }
      case SSE_C -> {
        call.setHeader(SseRequest.C_ALGORITHM, "AES256");
        call.setHeader(SseRequest.C_KEY_MD5, customerKeyMd5);
      }
    }
  }

  static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from this JVM", e);
    }
  }
}
