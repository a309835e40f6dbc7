package io.sealstream.encryptor;

import io.sealstream.schemas.RecordBytes;
import io.sealstream.keymaterial.KeyMaterialSource;
import io.sealstream.keymaterial.KeyUnavailableException;
import io.sealstream.channel.CipherSuite;
import io.sealstream.channel.DareFormat;
import io.sealstream.channel.DareKey;
import io.sealstream.channel.DareOpener;
import io.sealstream.channel.DareSealer;
import io.sealstream.channel.ExternalKey;
import io.sealstream.channel.NotAuthenticException;
import io.sealstream.channel.ObjectIdentity;
import io.sealstream.channel.ObjectKey;
import io.sealstream.channel.SealedObjectKey;
import io.sealstream.channel.SealingMode;
import io.sealstream.channel.StreamPosition;
import io.sealstream.schemas.ChunkRecord;
import io.sealstream.schemas.MultipartKey;
import io.sealstream.schemas.ObjectManifest;
import io.sealstream.schemas.PartManifest;
import io.sealstream.schemas.PartRecord;
import io.sealstream.schemas.SealedChunkRecord;
import io.sealstream.schemas.SseMode;
import io.sealstream.schemas.UploadHeader;
import io.sealstream.schemas.UploadState;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;

/**
 * Seals one chunk of an upload given the upload's state: the whole per-chunk logic of the
 * encryptor, with no Kafka in it. Chunks of any size are re-buffered into full 64 KiB DARE
 * packages; the last package (up to 64 KiB) is held back, sealed under the held-back key, until a
 * later chunk shows it is not final, so the final flag always lands on the real last package.
 *
 * <p>Thread-safe if the {@link KeyMaterialSource} is; holds no per-upload state of its own.
 */
public final class ChunkSealer {
  private static final int PAYLOAD = DareFormat.MAX_PAYLOAD_SIZE;
  private static final byte[] EMPTY = new byte[0];

  private final KeyMaterialSource keys;
  private final CipherSuite suite;

  public ChunkSealer(KeyMaterialSource keys, CipherSuite suite) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.suite = Objects.requireNonNull(suite, "suite");
  }

  /** What processing a chunk led to. */
  public sealed interface Outcome permits Sealed, Duplicate, Rejected {}

  /**
   * The chunk was sealed.
   *
   * @param next the upload's new state, or null when the upload is complete
   * @param output the sealed packages to emit, or null when nothing could be sealed yet
   */
  public record Sealed(UploadState next, SealedChunkRecord output) implements Outcome {}

  /** The chunk was sealed before (a replay): nothing changes. */
  public record Duplicate(long sequence) implements Outcome {}

  /** The chunk cannot be processed; the upload is abandoned. The reason names no secret. */
  public record Rejected(String reason) implements Outcome {}

  /**
   * Seals {@code chunk} for the upload in {@code state} (null for an upload not seen yet).
   *
   * @throws KeyUnavailableException when key-service cannot be reached: retry the chunk later
   */
  public Outcome apply(UploadState state, ChunkRecord chunk) throws KeyUnavailableException {
    if (state == null) {
      if (chunk.getHeader() == null || chunk.getSequence() != 0) {
        return new Rejected("chunk " + chunk.getSequence() + " of an upload with no header");
      }
      boolean multipart = chunk.getHeader().getMultipart() != null;
      if ((chunk.getPartNumber() != 0) != multipart) {
        return new Rejected(multipart
            ? "a multipart upload's key on a single-part object"
            : "part " + chunk.getPartNumber() + " without its upload's key");
      }
      if (chunk.getPartNumber() < 0 || chunk.getPartNumber() > 10_000) {
        return new Rejected("part number out of range: " + chunk.getPartNumber());
      }
      try {
        state = start(chunk);
      } catch (IllegalArgumentException e) {
        return new Rejected("invalid upload header: " + e.getMessage());
      } catch (NotAuthenticException e) {
        return new Rejected("customer key does not unwrap, or does not open the upload's object key: "
            + e.getMessage());
      }
    } else {
      if (!state.getAttemptId().equals(chunk.getAttemptId())
          || state.getPartNumber() != chunk.getPartNumber()) {
        return new Rejected("chunk belongs to another attempt or part of the upload");
      }
      if (chunk.getSequence() < state.getNextChunkSequence()) {
        return new Duplicate(chunk.getSequence());
      }
      if (chunk.getSequence() > state.getNextChunkSequence()) {
        return new Rejected(
            "chunk " + chunk.getSequence() + " arrived, expected " + state.getNextChunkSequence());
      }
    }
    if (chunk.getOffset() != state.getNextPlaintextOffset()) {
      return new Rejected(
          "chunk offset " + chunk.getOffset() + ", expected " + state.getNextPlaintextOffset());
    }
    if (chunk.getLast() && (chunk.getMd5() == null || chunk.getMd5().remaining() != 16)) {
      return new Rejected("last chunk carries no 16-byte MD5");
    }
    Long declared = state.getHeader().getSize();
    long end = chunk.getOffset() + chunk.getData().remaining();
    if (declared != null && (end > declared || chunk.getLast() && end != declared)) {
      // packages before the declared end were sealed as not final: a stream that ends elsewhere
      // would have no final package, so it is refused rather than stored truncated
      return new Rejected("chunks end at " + end + (chunk.getLast() ? "" : " or later")
          + ", the upload declared " + declared + " bytes");
    }
    try {
      return seal(state, chunk);
    } catch (NotAuthenticException | IllegalArgumentException e) {
      // a state that does not open or parse was altered in the changelog: refuse the upload
      return new Rejected("upload state does not open: " + e.getMessage());
    }
  }

  private UploadState start(ChunkRecord chunk)
      throws KeyUnavailableException, NotAuthenticException {
    UploadHeader h = chunk.getHeader();
    if (h.getMultipart() != null) {
      return startPart(chunk);
    }
    SealingMode mode = sealingMode(h.getMode());
    ObjectIdentity identity = identity(h);
    String kmsKeyId = null;
    byte[] kmsCiphertext = null;
    ExternalKey ek;
    switch (h.getMode()) {
      case SSE_C -> {
        if (h.getCustomerKey() == null) {
          throw new IllegalArgumentException("SSE-C upload without a wrapped customer key");
        }
        ek = keys.unwrapCustomerKey(h.getCustomerKey(), chunk.getUploadId());
      }
      case SSE_S3, SSE_KMS -> {
        KeyMaterialSource.BucketKey bk =
            keys.bucketKey(
                h.getBucket(),
                h.getMode() == SseMode.SSE_KMS ? h.getKmsKeyId() : null,
                h.getMode() == SseMode.SSE_KMS ? h.getKmsContext() : null);
        ek = bk.key();
        kmsKeyId = bk.masterKeyId();
        kmsCiphertext = bk.ciphertext();
      }
      default -> throw new IllegalArgumentException("unknown mode " + h.getMode());
    }
    ObjectKey oek = ObjectKey.generate(ek);
    DareKey dataKey = oek.dataKey();
    try {
      SealedObjectKey sealed = oek.seal(ek, mode, identity);
      StreamPosition position = DareSealer.create(dataKey, suite).position();
      return initialState(chunk, ByteBuffer.wrap(sealed.toBytes()), kmsKeyId,
          kmsCiphertext == null ? null : ByteBuffer.wrap(kmsCiphertext),
          ByteBuffer.wrap(position.toBytes()));
    } finally {
      dataKey.destroy();
      oek.destroy();
      ek.destroy();
    }
  }

  /**
   * A multipart part: the object key was chosen at CreateMultipartUpload and comes sealed in the
   * header; it must open under this upload's external key and identity, and the part is sealed
   * under the part key with a fresh random nonce, so a part uploaded twice never reuses a nonce.
   */
  private UploadState startPart(ChunkRecord chunk)
      throws KeyUnavailableException, NotAuthenticException {
    UploadHeader h = chunk.getHeader();
    MultipartKey mk = h.getMultipart();
    if (h.getMode() == SseMode.SSE_C && h.getCustomerKey() == null) {
      throw new IllegalArgumentException("SSE-C part without a wrapped customer key");
    }
    if (h.getMode() != SseMode.SSE_C && (mk.getKmsKeyId() == null || mk.getKmsKeyCiphertext() == null)) {
      throw new IllegalArgumentException("SSE-S3/KMS part without its bucket key");
    }
    // the position is set once the object key opened: this draft only carries what opens it
    UploadState draft = initialState(chunk, mk.getSealedObjectKey().duplicate(), mk.getKmsKeyId(),
        mk.getKmsKeyCiphertext() == null ? null : mk.getKmsKeyCiphertext().duplicate(),
        ByteBuffer.wrap(EMPTY));
    ObjectKey oek = objectKey(draft);
    DareKey partKey = oek.partKey(chunk.getPartNumber());
    try {
      StreamPosition position = DareSealer.create(partKey, suite).position();
      draft.setPosition(ByteBuffer.wrap(position.toBytes()));
      return draft;
    } finally {
      partKey.destroy();
      oek.destroy();
    }
  }

  /** The state of an upload attempt before its first chunk is sealed. */
  private static UploadState initialState(ChunkRecord chunk, ByteBuffer sealedObjectKey,
      String kmsKeyId, ByteBuffer kmsCiphertext, ByteBuffer position) {
    return UploadState.newBuilder()
        .setUploadId(chunk.getUploadId())
        .setPartNumber(chunk.getPartNumber())
        .setAttemptId(chunk.getAttemptId())
        .setHeader(chunk.getHeader())
        .setSealedObjectKey(sealedObjectKey)
        .setKmsKeyId(kmsKeyId)
        .setKmsKeyCiphertext(kmsCiphertext)
        .setPosition(position)
        .setNextChunkSequence(0)
        .setNextPlaintextOffset(0)
        .setNextSealedSequence(0)
        .setSealedOffset(0)
        .setHeldBack(ByteBuffer.wrap(EMPTY))
        .build();
  }

  /** The DARE key of the stream: the object's data key, or a part key for multipart parts. */
  private static DareKey streamKey(ObjectKey oek, UploadState state) {
    return state.getPartNumber() == 0 ? oek.dataKey() : oek.partKey(state.getPartNumber());
  }

  private Outcome seal(UploadState state, ChunkRecord chunk)
      throws KeyUnavailableException, NotAuthenticException {
    UploadHeader h = state.getHeader();
    ObjectKey oek = objectKey(state);
    DareKey dataKey = streamKey(oek, state);
    DareKey heldBackKey = oek.heldBackKey();
    try {
      byte[] held =
          state.getHeldBack().remaining() == 0
              ? EMPTY
              : DareOpener.openValue(heldBackKey, RecordBytes.toArray(state.getHeldBack()));
      ByteBuffer data = chunk.getData().duplicate();
      int total = held.length + data.remaining();
      // Sealed straight from the record's array when nothing was held back (the usual case when
      // the size is declared); else the held-back bytes and the chunk are joined in a copy.
      boolean direct = held.length == 0 && data.hasArray();
      byte[] plain = direct ? data.array() : new byte[total];
      int base = direct ? data.arrayOffset() + data.position() : 0;
      if (!direct) {
        System.arraycopy(held, 0, plain, 0, held.length);
        data.get(plain, held.length, data.remaining());
      }

      boolean last = chunk.getLast();
      long plaintextEnd = chunk.getOffset() + chunk.getData().remaining();
      Long declared = h.getSize();
      boolean moreFollows = declared != null && plaintextEnd < declared;
      // Hold back the last (up to) full package until a later chunk shows it is not final;
      // when the declared size says more bytes follow, only a partial package is held back.
      int sealBytes = last || total == 0
          ? total
          : moreFollows ? total - total % PAYLOAD : total - ((total - 1) % PAYLOAD + 1);
      byte[] sealedBytes = new byte[(int) DareFormat.encryptedSize(sealBytes)];
      StreamPosition position = StreamPosition.fromBytes(RecordBytes.toArray(state.getPosition()));
      DareSealer sealer = DareSealer.resume(dataKey, position);
      int out = 0;
      for (int off = 0; off < sealBytes; off += PAYLOAD) {
        int len = Math.min(PAYLOAD, sealBytes - off);
        out += sealer.seal(plain, base + off, len, last && off + len == sealBytes, sealedBytes, out);
      }
      byte[] heldBack =
          sealBytes == total
              ? EMPTY
              : DareSealer.sealValue(
                  heldBackKey,
                  position.suite(),
                  java.util.Arrays.copyOfRange(plain, base + sealBytes, base + total));
      if (!direct) {
        java.util.Arrays.fill(plain, (byte) 0);
      }

      SealedChunkRecord output =
          sealBytes == 0 && !last
              ? null
              : SealedChunkRecord.newBuilder()
                  .setUploadId(state.getUploadId())
                  .setPartNumber(state.getPartNumber())
                  .setAttemptId(state.getAttemptId())
                  .setSequence(state.getNextSealedSequence())
                  .setOffset(state.getSealedOffset())
                  .setData(ByteBuffer.wrap(sealedBytes))
                  .setLast(last)
                  .setManifest(
                      last && state.getPartNumber() == 0
                          ? manifest(state, oek, plaintextEnd, chunk)
                          : null)
                  .setPart(
                      last && state.getPartNumber() != 0
                          ? partRecord(state, oek, plaintextEnd, chunk)
                          : null)
                  .build();
      if (last) {
        return new Sealed(null, output);
      }
      UploadState next =
          UploadState.newBuilder(state)
              .setPosition(
                  ByteBuffer.wrap(sealBytes == 0 ? position.toBytes() : sealer.position().toBytes()))
              .setNextChunkSequence(chunk.getSequence() + 1)
              .setNextPlaintextOffset(plaintextEnd)
              .setNextSealedSequence(state.getNextSealedSequence() + (output == null ? 0 : 1))
              .setSealedOffset(state.getSealedOffset() + sealedBytes.length)
              .setHeldBack(ByteBuffer.wrap(heldBack))
              .build();
      return new Sealed(next, output);
    } finally {
      heldBackKey.destroy();
      dataKey.destroy();
      oek.destroy();
    }
  }

  private static PartManifest partManifest(
      int number, ObjectKey oek, long size, ChunkRecord lastChunk) {
    byte[] sealedEtag = oek.sealEtag(RecordBytes.toArray(lastChunk.getMd5()));
    return PartManifest.newBuilder()
        .setNumber(number)
        .setSize(size)
        .setEncryptedSize(DareFormat.encryptedSize(size))
        .setSealedEtag(ByteBuffer.wrap(sealedEtag))
        .setBlobId("")
        .build();
  }

  private static PartRecord partRecord(
      UploadState state, ObjectKey oek, long size, ChunkRecord lastChunk) {
    return PartRecord.newBuilder()
        .setUploadId(state.getUploadId())
        .setAttemptId(state.getAttemptId())
        .setPart(partManifest(state.getPartNumber(), oek, size, lastChunk))
        .setStoredAtMillis(0)
        .build();
  }

  private ObjectManifest manifest(
      UploadState state, ObjectKey oek, long size, ChunkRecord lastChunk) {
    UploadHeader h = state.getHeader();
    PartManifest part = partManifest(0, oek, size, lastChunk);
    return ObjectManifest.newBuilder()
        .setBucket(h.getBucket())
        .setObjectKey(h.getObjectKey())
        .setVersionId(h.getVersionId())
        .setUploadId(state.getUploadId())
        .setMode(h.getMode())
        .setSealedObjectKey(state.getSealedObjectKey().duplicate())
        .setKmsKeyId(state.getKmsKeyId())
        .setKmsKeyCiphertext(
            state.getKmsKeyCiphertext() == null ? null : state.getKmsKeyCiphertext().duplicate())
        .setKmsContext(h.getKmsContext())
        .setSize(size)
        .setParts(List.of(part))
        .setBlobId("")
        .setContentType(h.getContentType())
        .setUserMetadata(h.getUserMetadata())
        .setCreatedAtMillis(h.getCreatedAtMillis())
        .build();
  }

  /** Recovers the object key from the state: external key from key-service, then unseal. */
  private ObjectKey objectKey(UploadState state)
      throws KeyUnavailableException, NotAuthenticException {
    UploadHeader h = state.getHeader();
    ExternalKey ek =
        h.getMode() == SseMode.SSE_C
            ? keys.unwrapCustomerKey(h.getCustomerKey(), state.getUploadId())
            : keys.openBucketKey(
                h.getBucket(),
                state.getKmsKeyId(),
                RecordBytes.toArray(state.getKmsKeyCiphertext()),
                h.getMode() == SseMode.SSE_KMS ? h.getKmsContext() : null);
    try {
      return ObjectKey.unseal(
          ek,
          sealingMode(h.getMode()),
          identity(h),
          SealedObjectKey.fromBytes(RecordBytes.toArray(state.getSealedObjectKey())));
    } finally {
      ek.destroy();
    }
  }

  static SealingMode sealingMode(SseMode mode) {
    return switch (mode) {
      case SSE_S3 -> SealingMode.SSE_S3;
      case SSE_KMS -> SealingMode.SSE_KMS;
      case SSE_C -> SealingMode.SSE_C;
    };
  }

  static ObjectIdentity identity(UploadHeader h) {
    return new ObjectIdentity(h.getBucket(), h.getObjectKey(), h.getVersionId());
  }

}
