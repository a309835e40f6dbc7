package io.sealstream.ingest;

import io.sealstream.schemas.RecordBytes;
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
import io.sealstream.keymaterial.UnknownMasterKeyException;
import io.sealstream.schemas.AvroWireSerde;
import io.sealstream.schemas.ChunkRecord;
import io.sealstream.schemas.ObjectEvent;
import io.sealstream.schemas.ObjectEventType;
import io.sealstream.schemas.ObjectManifest;
import io.sealstream.schemas.PartManifest;
import io.sealstream.schemas.SchemaRegistry;
import io.sealstream.schemas.SseMode;
import io.sealstream.schemas.UploadHeader;
import io.sealstream.schemas.WrappedKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PutObject, GetObject (one Range), HeadObject, DeleteObject.
 *
 * <p>PUT streams the body into 1 MiB {@link ChunkRecord}s (the header on sequence 0, the MD5 on
 * the last) and answers once this process's view of {@code objects} holds the new version. GET
 * opens the object key and decrypts only the DARE packages the range touches.
 */
final class ObjectHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectHandlers.class);
  /** Chunk size: 1 MiB, a multiple of the 64 KiB DARE package (docs/pipeline.md). */
  static final int CHUNK_SIZE = 1024 * 1024;
  /** The single-PUT limit of S3. */
  static final long MAX_PUT_SIZE = 5L * 1024 * 1024 * 1024;
  static final int MAX_USER_METADATA_BYTES = 2048;
  private static final String META_PREFIX = "x-amz-meta-";
  private static final String CONTENT_SHA256 = "x-amz-content-sha256";
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
  private static final HexFormat HEX = HexFormat.of();

  private final ManifestView view;
  private final Publisher publisher;
  private final IngestTopics topics;
  private final BlobStore blobs;
  private final KeyMaterialSource keySource;
  private final CustomerKeyWrapper customerKeys;
  private final Duration putTimeout;
  private final boolean requireTlsForSseC;
  private final AvroWireSerde<ChunkRecord> chunkSerde;
  private final AvroWireSerde<ObjectEvent> eventSerde;

  ObjectHandlers(ManifestView view, Publisher publisher, IngestConfig config, SchemaRegistry registry) {
    this.view = view;
    this.publisher = publisher;
    this.topics = config.topics();
    this.blobs = config.blobStore();
    this.keySource = config.keySource();
    this.customerKeys = config.customerKeys();
    this.putTimeout = config.putTimeout();
    this.requireTlsForSseC = config.requireTlsForSseC();
    this.chunkSerde = new AvroWireSerde<>(ChunkRecord.class, registry);
    this.eventSerde = new AvroWireSerde<>(ObjectEvent.class, registry);
  }

  List<Route> routes() {
    return List.of(
        Route.of("PUT", Route.Shape.OBJECT, MAX_PUT_SIZE, this::put),
        Route.of("GET", Route.Shape.OBJECT, 0, this::get),
        Route.of("HEAD", Route.Shape.OBJECT, 0, this::get),
        Route.of("DELETE", Route.Shape.OBJECT, 0, this::delete));
  }

  // ---------------------------------------------------------------- PUT

  /**
   * Asks for the bucket key the encryptor will use, before any byte is accepted: an unknown
   * master key is a 400 now instead of a dead letter and a timed-out PUT later. The key source
   * caches the answer, so in one process this is the encryptor's one key-service call, made
   * early; elsewhere it costs one call per bucket, key and epoch.
   */
  private void checkMasterKey(String bucket, SseRequest sse) throws S3Exception {
    boolean kms = sse.mode() == SseMode.SSE_KMS;
    try {
      keySource
          .bucketKey(bucket, kms ? sse.kmsKeyId() : null, kms ? sse.kmsContext() : null)
          .key()
          .destroy();
    } catch (UnknownMasterKeyException e) {
      throw S3Error.KMS_NOT_FOUND.exception(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw S3Error.INVALID_ARGUMENT.exception(e.getMessage());
    } catch (KeyUnavailableException e) {
      LOG.warn("key-service unavailable checking the master key of {}: {}", bucket, e.getMessage());
      throw S3Error.SERVICE_UNAVAILABLE.exception();
    }
  }

  void put(S3Call call) throws S3Exception, IOException {
    String bucket = call.bucket();
    String key = call.key();
    if (view.bucket(bucket) == null) {
      throw S3Error.NO_SUCH_BUCKET.exception();
    }
    if (call.header("x-amz-copy-source") != null) {
      throw S3Error.NOT_IMPLEMENTED.exception("CopyObject is not implemented yet");
    }
    String sha256Header = call.header(CONTENT_SHA256);
    String encoding = call.header("Content-Encoding");
    if ((sha256Header != null && sha256Header.startsWith("STREAMING-"))
        || (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("aws-chunked"))) {
      throw S3Error.NOT_IMPLEMENTED.exception(
          "aws-chunked uploads (x-amz-content-sha256: STREAMING-*) are not supported yet;"
              + " disable chunked encoding in the client");
    }
    long length = call.contentLength();
    if (length < 0) {
      throw S3Error.MISSING_CONTENT_LENGTH.exception();
    }
    byte[] expectedSha256 = expectedSha256(sha256Header);
    byte[] expectedMd5 = contentMd5(call.header("Content-MD5"));
    SseRequest sse = SseRequest.forWrite(call::header, transportOk(call));
    Map<String, String> metadata = userMetadata(call);

    if (sse.mode() != SseMode.SSE_C) {
      checkMasterKey(bucket, sse);
    }
    String uploadId = UUID.randomUUID().toString();
    String versionId = UUID.randomUUID().toString();
    WrappedKey wrapped = null;
    if (sse.mode() == SseMode.SSE_C) {
      byte[] customer = sse.customerKey();
      try {
        wrapped = customerKeys.wrap(customer, uploadId);
      } catch (KeyUnavailableException e) {
        LOG.warn("key-service unavailable for SSE-C transit wrap: {}", e.getMessage());
        throw S3Error.SERVICE_UNAVAILABLE.exception();
      } finally {
        Arrays.fill(customer, (byte) 0);
        sse.destroy();
      }
    }
    UploadHeader header =
        UploadHeader.newBuilder()
            .setBucket(bucket)
            .setObjectKey(key)
            .setVersionId(versionId)
            .setMode(sse.mode())
            .setKmsKeyId(sse.kmsKeyId())
            .setKmsContext(sse.kmsContext())
            .setCustomerKey(wrapped)
            .setContentType(call.header("Content-Type"))
            .setUserMetadata(Map.copyOf(metadata))
            .setCreatedAtMillis(System.currentTimeMillis())
            .build();

    byte[] md5 = streamChunks(call, uploadId, header, length, expectedSha256, expectedMd5);

    if (!view.awaitVersion(bucket, key, versionId, putTimeout)) {
      LOG.warn("upload {} of {}/{} not stored within {}", uploadId, bucket, key, putTimeout);
      throw S3Error.SERVICE_UNAVAILABLE.exception(
          "The object was accepted but not stored in time; retry the upload.");
    }
    ObjectManifest m = view.object(bucket, key);
    call.setHeader("ETag", quote(m.getMode() == SseMode.SSE_S3 ? HEX.formatHex(md5) : opaqueEtag(m)));
    sseResponseHeaders(call, m, sse.customerKeyMd5());
    if (sse.kmsContext() != null) {
      call.setHeader(SseRequest.CONTEXT,
          Base64.getEncoder().encodeToString(sse.kmsContext().getBytes(StandardCharsets.UTF_8)));
    }
    call.send(200, 0);
  }

  /** Streams the body into chunk records; returns the MD5. Sends the last chunk only when every
   * byte arrived and every digest the client gave matches, so a bad body never completes. */
  private byte[] streamChunks(
      S3Call call, String uploadId, UploadHeader header, long length, byte[] expectedSha256,
      byte[] expectedMd5) throws S3Exception {
    MessageDigest md5 = digest("MD5");
    MessageDigest sha256 = expectedSha256 == null ? null : digest("SHA-256");
    Publisher.InFlight window = publisher.window();
    byte[] buffer = new byte[(int) Math.min(CHUNK_SIZE, Math.max(length, 0))];
    long offset = 0;
    long sequence = 0;
    try (InputStream in = call.body()) {
      do {
        int want = (int) Math.min(CHUNK_SIZE, length - offset);
        int n;
        try {
          n = in.readNBytes(buffer, 0, want);
        } catch (IOException e) {
          throw S3Error.INCOMPLETE_BODY.exception();
        }
        if (n < want) {
          throw S3Error.INCOMPLETE_BODY.exception();
        }
        md5.update(buffer, 0, n);
        if (sha256 != null) {
          sha256.update(buffer, 0, n);
        }
        boolean last = offset + n == length;
        byte[] digest = null;
        if (last) {
          digest = md5.digest();
          if (sha256 != null && !MessageDigest.isEqual(sha256.digest(), expectedSha256)) {
            throw S3Error.CONTENT_SHA256_MISMATCH.exception();
          }
          if (expectedMd5 != null && !MessageDigest.isEqual(digest, expectedMd5)) {
            throw S3Error.BAD_DIGEST.exception();
          }
        }
        ChunkRecord chunk =
            ChunkRecord.newBuilder()
                .setUploadId(uploadId)
                .setPartNumber(0)
                .setAttemptId(uploadId)
                .setSequence(sequence)
                .setOffset(offset)
                .setData(ByteBuffer.wrap(buffer, 0, n).slice())
                .setLast(last)
                .setHeader(sequence == 0 ? header : null)
                .setMd5(last ? ByteBuffer.wrap(digest) : null)
                .build();
        window.send(topics.chunks(), uploadId, chunkSerde.serialize(topics.chunks(), chunk));
        offset += n;
        sequence++;
        if (last) {
          window.awaitAll();
          return digest;
        }
      } while (true);
    } catch (IOException e) {
      throw S3Error.INCOMPLETE_BODY.exception();
    } finally {
      Arrays.fill(buffer, (byte) 0);
    }
  }

  private static byte[] expectedSha256(String header) throws S3Exception {
    if (header == null || header.equals("UNSIGNED-PAYLOAD")) {
      return null;
    }
    if (header.length() == 64) {
      try {
        return HEX.parseHex(header.toLowerCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        // fall through
      }
    }
    throw S3Error.INVALID_ARGUMENT.exception("x-amz-content-sha256 must be UNSIGNED-PAYLOAD or a hex SHA-256");
  }

  private static byte[] contentMd5(String header) throws S3Exception {
    if (header == null) {
      return null;
    }
    try {
      byte[] md5 = Base64.getDecoder().decode(header.trim());
      if (md5.length == 16) {
        return md5;
      }
    } catch (IllegalArgumentException e) {
      // fall through
    }
    throw S3Error.INVALID_DIGEST.exception();
  }

  private static Map<String, String> userMetadata(S3Call call) throws S3Exception {
    Map<String, String> metadata = new TreeMap<>();
    int size = 0;
    for (String name : call.headerNames()) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.startsWith(META_PREFIX)) {
        String value = call.header(name);
        String k = lower.substring(META_PREFIX.length());
        metadata.put(k, value);
        size += k.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length;
      }
    }
    if (size > MAX_USER_METADATA_BYTES) {
      throw S3Error.METADATA_TOO_LARGE.exception();
    }
    return metadata;
  }

  // ---------------------------------------------------------------- GET, HEAD

  void get(S3Call call) throws S3Exception, IOException {
    String bucket = call.bucket();
    String key = call.key();
    if (view.bucket(bucket) == null) {
      throw S3Error.NO_SUCH_BUCKET.exception();
    }
    SseRequest customer = SseRequest.forRead(call::header, transportOk(call));
    try {
      ObjectManifest m = view.object(bucket, key);
      if (m == null) {
        throw S3Error.NO_SUCH_KEY.exception();
      }
      if (m.getMode() == SseMode.SSE_C && customer == null) {
        throw S3Error.INVALID_REQUEST.exception(
            "The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.");
      }
      if (m.getMode() != SseMode.SSE_C && customer != null) {
        throw S3Error.INVALID_REQUEST.exception(
            "The encryption parameters are not applicable to this object.");
      }
      if (m.getParts().size() != 1 || m.getParts().get(0).getNumber() != 0) {
        throw S3Error.NOT_IMPLEMENTED.exception("multipart objects are not readable yet");
      }
      PartManifest part = m.getParts().get(0);
      long size = m.getSize();
      ByteRange range = ByteRange.parse(call.header("Range"), size);
      ObjectKey oek = openObjectKey(m, customer);
      try {
        String etag = m.getMode() == SseMode.SSE_S3 ? plainEtag(m, oek, part) : opaqueEtag(m);
        call.setHeader("ETag", quote(etag));
        call.setHeader("Last-Modified", HTTP_DATE.format(Instant.ofEpochMilli(m.getCreatedAtMillis())));
        call.setHeader("Accept-Ranges", "bytes");
        call.setHeader("Content-Type",
            m.getContentType() == null ? "binary/octet-stream" : m.getContentType());
        for (Map.Entry<String, String> e : m.getUserMetadata().entrySet()) {
          call.setHeader(META_PREFIX + e.getKey(), e.getValue());
        }
        sseResponseHeaders(call, m, customer == null ? null : customer.customerKeyMd5());
        int status = 200;
        long offset = 0;
        long length = size;
        if (range != null) {
          status = 206;
          offset = range.offset();
          length = range.length();
          call.setHeader("Content-Range", range.contentRange(size));
        }
        if (call.isHead() || length == 0) {
          call.send(status, length);
          return;
        }
        sendPlaintext(call, status, m, part, oek, offset, length);
      } finally {
        oek.destroy();
      }
    } finally {
      if (customer != null) {
        customer.destroy();
      }
    }
  }

  private void sendPlaintext(
      S3Call call, int status, ObjectManifest m, PartManifest part, ObjectKey oek, long offset,
      long length) throws S3Exception, IOException {
    PackageRange range = DareFormat.range(part.getSize(), offset, length);
    byte[] buffer = new byte[DareFormat.MAX_PAYLOAD_SIZE];
    DareKey dataKey = oek.dataKey();
    try (InputStream slice =
            blobs.read(new BlobId(m.getBlobId()), range.encryptedOffset(), range.encryptedLength());
        DareInputStream plain = DareInputStream.ofRange(slice, dataKey, range)) {
      // The first package is opened before the status is sent, so a broken object is a clean 500.
      int n;
      try {
        n = plain.readNBytes(buffer, 0, (int) Math.min(buffer.length, length));
      } catch (NotAuthenticException e) {
        LOG.error("object {}/{} version {}: stored data is not authentic", m.getBucket(),
            m.getObjectKey(), m.getVersionId());
        throw S3Error.INTERNAL_ERROR.exception();
      }
      OutputStream out = call.open(status, length);
      long sent = 0;
      while (n > 0) {
        out.write(buffer, 0, n);
        sent += n;
        if (sent >= length) {
          break;
        }
        n = plain.read(buffer, 0, (int) Math.min(buffer.length, length - sent));
      }
      if (sent != length) {
        throw new IOException("object " + m.getVersionId() + " ended after " + sent + " of " + length + " bytes");
      }
    } finally {
      dataKey.destroy();
      Arrays.fill(buffer, (byte) 0);
    }
  }

  /** Opens the object key: SSE-C with the customer's key, SSE-S3/KMS with the bucket key. */
  private ObjectKey openObjectKey(ObjectManifest m, SseRequest customer) throws S3Exception {
    SealingMode mode =
        switch (m.getMode()) {
          case SSE_C -> SealingMode.SSE_C;
          case SSE_S3 -> SealingMode.SSE_S3;
          case SSE_KMS -> SealingMode.SSE_KMS;
        };
    ExternalKey ek;
    if (m.getMode() == SseMode.SSE_C) {
      byte[] raw = customer.customerKey();
      ek = ExternalKey.copyOf(raw);
      Arrays.fill(raw, (byte) 0);
    } else {
      try {
        ek = keySource.openBucketKey(m.getBucket(), m.getKmsKeyId(), RecordBytes.toArray(m.getKmsKeyCiphertext()), m.getKmsContext());
      } catch (KeyUnavailableException e) {
        LOG.warn("key-service unavailable opening the bucket key of {}: {}", m.getBucket(), e.getMessage());
        throw S3Error.SERVICE_UNAVAILABLE.exception();
      } catch (NotAuthenticException e) {
        LOG.error("bucket key of {}/{} version {} does not open", m.getBucket(), m.getObjectKey(), m.getVersionId());
        throw S3Error.INTERNAL_ERROR.exception();
      }
    }
    try {
      return ObjectKey.unseal(ek, mode,
          new ObjectIdentity(m.getBucket(), m.getObjectKey(), m.getVersionId()),
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

  private static String plainEtag(ObjectManifest m, ObjectKey oek, PartManifest part) throws S3Exception {
    try {
      return HEX.formatHex(oek.unsealEtag(RecordBytes.toArray(part.getSealedEtag())));
    } catch (NotAuthenticException e) {
      LOG.error("sealed ETag of {}/{} version {} does not open", m.getBucket(), m.getObjectKey(), m.getVersionId());
      throw S3Error.INTERNAL_ERROR.exception();
    }
  }

  /** SSE-KMS and SSE-C: not the MD5 (S3 rule), but stable: the hex of the sealed ETag's tag. */
  static String opaqueEtag(ObjectManifest m) {
    byte[] sealed = RecordBytes.toArray(m.getParts().get(0).getSealedEtag());
    return HEX.formatHex(sealed, Math.max(0, sealed.length - DareFormat.TAG_SIZE), sealed.length);
  }

  private static void sseResponseHeaders(S3Call call, ObjectManifest m, String customerKeyMd5) {
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

  // ---------------------------------------------------------------- DELETE

  void delete(S3Call call) throws S3Exception {
    String bucket = call.bucket();
    String key = call.key();
    if (view.bucket(bucket) == null) {
      throw S3Error.NO_SUCH_BUCKET.exception();
    }
    ObjectManifest m = view.object(bucket, key);
    if (m != null) {
      String id = ManifestView.objectKey(bucket, key);
      publisher.sendAndWait(topics.objects(), id, null);
      ObjectEvent event =
          ObjectEvent.newBuilder()
              .setType(ObjectEventType.DELETED)
              .setBucket(bucket)
              .setObjectKey(key)
              .setVersionId(m.getVersionId())
              .setUploadId(m.getUploadId())
              .setSize(m.getSize())
              .setMode(m.getMode())
              .setTimeMillis(System.currentTimeMillis())
              .build();
      publisher.sendAndWait(topics.events(), id, eventSerde.serialize(topics.events(), event));
      if (!view.awaitGone(bucket, key, m.getVersionId(), putTimeout)) {
        throw S3Error.SERVICE_UNAVAILABLE.exception();
      }
    }
    call.send(204, 0);
  }

  // ---------------------------------------------------------------- helpers

  private boolean transportOk(S3Call call) {
    return call.isSecure() || !requireTlsForSseC;
  }

  private static String quote(String etag) {
    return "\"" + etag + "\"";
  }


  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from this JVM", e);
    }
  }
}
