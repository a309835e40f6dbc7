package io.sealstream.ingest;

import io.sealstream.schemas.ObjectManifest;
import io.sealstream.schemas.SseMode;
import io.sealstream.schemas.UploadHeader;
import io.sealstream.schemas.WrappedKey;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a whole single-part object from a stream of plaintext: PutObject's body, or CopyObject's
 * source. Checks the master key before any byte is accepted, wraps an SSE-C key for transit,
 * streams the chunks with a new upload id and version id, and returns once this process's view
 * holds the stored manifest (read-after-write). Thread-safe.
 */
final class ObjectWriter {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectWriter.class);

  private final ManifestView view;
  private final ChunkStreamer streamer;
  private final WriteKeys writeKeys;
  private final Duration timeout;

  ObjectWriter(ManifestView view, ChunkStreamer streamer, WriteKeys writeKeys, Duration timeout) {
    this.view = Objects.requireNonNull(view, "view");
    this.streamer = Objects.requireNonNull(streamer, "streamer");
    this.writeKeys = Objects.requireNonNull(writeKeys, "writeKeys");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** What was stored: the manifest as the view holds it, and the plaintext MD5. */
  record Written(ObjectManifest manifest, byte[] md5) {}

  /** The object's new attributes: where, how encrypted, and what it says about itself. */
  record Target(String bucket, String key, SseRequest sse, String contentType,
      Map<String, String> metadata) {
    Target {
      Objects.requireNonNull(bucket, "bucket");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(sse, "sse");
      metadata = Map.copyOf(metadata);
    }
  }

  /**
   * Stores {@code length} bytes of {@code in} as the new version of the target object. The SSE-C
   * key of {@code target.sse()} is destroyed here.
   */
  Written write(Target target, InputStream in, long length, ChunkStreamer.EndCheck end,
      byte[] expectedMd5) throws S3Exception {
    SseRequest sse = target.sse();
    if (sse.mode() != SseMode.SSE_C) {
      writeKeys.checkMasterKey(target.bucket(), sse);
    }
    String uploadId = UUID.randomUUID().toString();
    String versionId = UUID.randomUUID().toString();
    WrappedKey wrapped = sse.mode() == SseMode.SSE_C ? writeKeys.wrapCustomerKey(sse, uploadId) : null;
    UploadHeader header =
        UploadHeader.newBuilder()
            .setBucket(target.bucket())
            .setObjectKey(target.key())
            .setVersionId(versionId)
            .setMode(sse.mode())
            .setKmsKeyId(sse.kmsKeyId())
            .setKmsContext(sse.kmsContext())
            .setCustomerKey(wrapped)
            .setContentType(target.contentType())
            .setUserMetadata(target.metadata())
            .setCreatedAtMillis(System.currentTimeMillis())
            .build();
    byte[] md5 = streamer.stream(in, length,
        new ChunkStreamer.Target(uploadId, 0, uploadId, header), end, expectedMd5);
    if (!view.awaitVersion(target.bucket(), target.key(), versionId, timeout)) {
      LOG.warn("upload {} of {}/{} not stored within {}", uploadId, target.bucket(), target.key(), timeout);
      throw S3Error.SERVICE_UNAVAILABLE.exception(
          "The object was accepted but not stored in time; retry the upload.");
    }
    ObjectManifest m = view.object(target.bucket(), target.key());
    if (m == null || !m.getVersionId().equals(versionId)) {
      // overwritten or deleted by a later request in the meantime: ours was stored all the same
      m = null;
    }
    return new Written(m, md5);
  }
}
