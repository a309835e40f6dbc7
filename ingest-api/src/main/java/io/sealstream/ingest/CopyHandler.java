package io.sealstream.ingest;

import io.sealstream.channel.ExternalKey;
import io.sealstream.channel.ObjectIdentity;
import io.sealstream.channel.SealingMode;
import io.sealstream.schemas.AvroWireSerde;
import io.sealstream.schemas.ObjectEvent;
import io.sealstream.schemas.ObjectEventType;
import io.sealstream.schemas.ObjectManifest;
import io.sealstream.schemas.SchemaRegistry;
import io.sealstream.schemas.SseMode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * CopyObject. The destination is a new object in its own right: a new object key, the
 * destination's mode (its SSE headers, else the bucket default; the source's mode is not
 * inherited), the source's plaintext re-encrypted through the pipeline like a PUT.
 *
 * <p>One exception, the key rotation of SSE-C: an SSE-C object copied onto itself with its old
 * key (copy-source headers) and a new key (destination headers) keeps its data; only the object
 * key is re-sealed under the new key (and for a new version id), and the new manifest names the
 * same blobs. Thread-safe.
 */
final class CopyHandler {
  /** S3's limit for a single CopyObject; larger objects are copied with UploadPartCopy. */
  static final long MAX_COPY_SIZE = 5L * 1024 * 1024 * 1024;
  private static final String DIRECTIVE = "x-amz-metadata-directive";

  private final ManifestView view;
  private final ObjectReader reader;
  private final ObjectWriter writer;
  private final CopySources sources;
  private final Publisher publisher;
  private final IngestTopics topics;
  private final Duration timeout;
  private final boolean requireTlsForSseC;
  private final AvroWireSerde<ObjectManifest> manifestSerde;
  private final AvroWireSerde<ObjectEvent> eventSerde;

  CopyHandler(ManifestView view, ObjectReader reader, ObjectWriter writer, CopySources sources,
      Publisher publisher, IngestConfig config, SchemaRegistry registry) {
    this.view = Objects.requireNonNull(view, "view");
    this.reader = Objects.requireNonNull(reader, "reader");
    this.writer = Objects.requireNonNull(writer, "writer");
    this.sources = Objects.requireNonNull(sources, "sources");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.topics = config.topics();
    this.timeout = config.putTimeout();
    this.requireTlsForSseC = config.requireTlsForSseC();
    this.manifestSerde = new AvroWireSerde<>(ObjectManifest.class, registry);
    this.eventSerde = new AvroWireSerde<>(ObjectEvent.class, registry);
  }

  void copy(S3Call call) throws S3Exception, IOException {
    boolean transportOk = call.isSecure() || !requireTlsForSseC;
    String directive = call.header(DIRECTIVE) == null
        ? "COPY" : call.header(DIRECTIVE).trim().toUpperCase(Locale.ROOT);
    if (!directive.equals("COPY") && !directive.equals("REPLACE")) {
      throw S3Error.INVALID_ARGUMENT.exception("Unknown metadata directive.");
    }
    try (RequestBody body = call.body()) {
      if (body.length() != 0) {
        throw S3Error.INVALID_REQUEST.exception("A CopyObject request has no body.");
      }
      body.verifyEnd();
    }
    SseRequest sse = BucketEncryption.forWrite(view.bucket(call.bucket()), call::header, transportOk);
    try (CopySources.Source source = sources.open(call, transportOk)) {
      ObjectManifest src = source.manifest();
      if (src.getSize() > MAX_COPY_SIZE) {
        throw S3Error.INVALID_REQUEST.exception(
            "The specified copy source is larger than the maximum allowable size for a copy source: "
                + MAX_COPY_SIZE);
      }
      boolean self = source.bucket().equals(call.bucket()) && source.key().equals(call.key());
      String contentType = directive.equals("COPY") ? src.getContentType() : call.header("Content-Type");
      Map<String, String> metadata = directive.equals("COPY")
          ? src.getUserMetadata() : ObjectHandlers.userMetadata(call);
      String customerKeyMd5 = sse.customerKeyMd5();
      if (self && src.getMode() == SseMode.SSE_C && sse.mode() == SseMode.SSE_C) {
        String sourceMd5 = CopySources.sourceCustomerKeyMd5(call);
        if (directive.equals("COPY") && customerKeyMd5.equals(sourceMd5)) {
          throw selfCopyUnchanged();
        }
        ObjectManifest resealed = reseal(source, sse, contentType, metadata);
        answer(call, resealed, customerKeyMd5, null);
        return;
      }
      if (self && directive.equals("COPY") && sameEncryption(src, sse)) {
        throw selfCopyUnchanged();
      }
      String kmsContext = sse.kmsContext();
      ObjectWriter.Written written;
      try (InputStream plain = reader.open(src, source.oek(), 0, src.getSize())) {
        written = writer.write(
            new ObjectWriter.Target(call.bucket(), call.key(), sse, contentType, metadata),
            plain, src.getSize(), ChunkStreamer.EndCheck.NONE, null);
      }
      ObjectHandlers.answerWrite(call, sse.mode(), written, customerKeyMd5, kmsContext);
      ObjectManifest m = written.manifest();
      String etag = call.responseHeader("ETag");
      call.sendXml(200, MultipartHandlers.xml("CopyObjectResult",
          MultipartHandlers.el("LastModified",
              MultipartHandlers.iso(m == null ? System.currentTimeMillis() : m.getCreatedAtMillis()))
              + MultipartHandlers.el("ETag", etag == null ? "" : etag)));
    } finally {
      sse.destroy();
    }
  }

  private static S3Exception selfCopyUnchanged() {
    return S3Error.INVALID_REQUEST.exception(
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
  }

  private static boolean sameEncryption(ObjectManifest src, SseRequest sse) {
    return src.getMode() == sse.mode()
        && (sse.mode() != SseMode.SSE_KMS
            || Objects.equals(sse.kmsKeyId(), src.getKmsKeyId()) || sse.kmsKeyId() == null);
  }

  /**
   * SSE-C key rotation in place: the object key, opened with the old customer key, is sealed
   * under the new one for a new version id; the data and its blobs stay as they are.
   */
  private ObjectManifest reseal(CopySources.Source source, SseRequest sse, String contentType,
      Map<String, String> metadata) throws S3Exception {
    ObjectManifest src = source.manifest();
    String versionId = UUID.randomUUID().toString();
    byte[] raw = sse.customerKey();
    ExternalKey ek = ExternalKey.copyOf(raw);
    Arrays.fill(raw, (byte) 0);
    ObjectManifest resealed;
    try {
      resealed = ObjectManifest.newBuilder(src)
          .setVersionId(versionId)
          .setSealedObjectKey(ByteBuffer.wrap(source.oek()
              .seal(ek, SealingMode.SSE_C, new ObjectIdentity(src.getBucket(), src.getObjectKey(), versionId))
              .toBytes()))
          .setContentType(contentType)
          .setUserMetadata(metadata)
          .setCreatedAtMillis(System.currentTimeMillis())
          .build();
    } finally {
      ek.destroy();
    }
    String id = ManifestView.objectKey(src.getBucket(), src.getObjectKey());
    ObjectEvent event =
        ObjectEvent.newBuilder()
            .setType(ObjectEventType.STORED)
            .setBucket(src.getBucket())
            .setObjectKey(src.getObjectKey())
            .setVersionId(versionId)
            .setUploadId(src.getUploadId())
            .setSize(src.getSize())
            .setMode(SseMode.SSE_C)
            .setTimeMillis(resealed.getCreatedAtMillis())
            .build();
    publisher.atomically(List.of(
        new ProducerRecord<>(topics.objects(), id, manifestSerde.serialize(topics.objects(), resealed)),
        new ProducerRecord<>(topics.events(), id, eventSerde.serialize(topics.events(), event))));
    if (!view.awaitVersion(src.getBucket(), src.getObjectKey(), versionId, timeout)) {
      throw S3Error.SERVICE_UNAVAILABLE.exception();
    }
    return resealed;
  }

  private void answer(S3Call call, ObjectManifest m, String customerKeyMd5, String kmsContext)
      throws S3Exception, IOException {
    String etag = ObjectHandlers.quote(ObjectReader.etag(m, null));
    call.setHeader("ETag", etag);
    ObjectReader.sseResponseHeaders(call, m, customerKeyMd5);
    call.sendXml(200, MultipartHandlers.xml("CopyObjectResult",
        MultipartHandlers.el("LastModified", MultipartHandlers.iso(m.getCreatedAtMillis()))
            + MultipartHandlers.el("ETag", etag)));
  }
}
