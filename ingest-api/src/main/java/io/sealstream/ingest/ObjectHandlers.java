package io.sealstream.ingest;

import io.sealstream.channel.DareFormat;
import io.sealstream.channel.NotAuthenticException;
import io.sealstream.channel.ObjectKey;
import io.sealstream.schemas.AvroWireSerde;
import io.sealstream.schemas.ObjectEvent;
import io.sealstream.schemas.ObjectManifest;
import io.sealstream.schemas.PartManifest;
import io.sealstream.schemas.SchemaRegistry;
import io.sealstream.schemas.SseMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PutObject, GetObject (one Range), HeadObject, DeleteObject.
 *
 * <p>PUT streams the body into chunk records ({@link ChunkStreamer}) and answers once this
 * process's view of {@code objects} holds the new version. GET reads through {@link
 * ObjectReader}, which decrypts only the DARE packages the range touches.
 */
final class ObjectHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectHandlers.class);
  /** The single-PUT limit of S3. */
  static final long MAX_PUT_SIZE = 5L * 1024 * 1024 * 1024;
  static final int MAX_USER_METADATA_BYTES = 2048;
  private static final String META_PREFIX = "x-amz-meta-";
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
  private static final HexFormat HEX = HexFormat.of();
  /**
   * How long a miss waits for this process's view to read what other processes committed (one
   * end-offsets round trip, then normally nothing): bounded, so a broker outage turns into the
   * view's own answer, not a hung request.
   */
  static final Duration MISS_CATCH_UP = Duration.ofSeconds(5);

  private final ManifestView view;
  private final Publisher publisher;
  private final IngestTopics topics;
  private final ObjectReader reader;
  private final ObjectWriter writer;
  private final CopyHandler copies;
  private final Duration putTimeout;
  private final boolean requireTlsForSseC;
  private final AvroWireSerde<ObjectEvent> eventSerde;

  ObjectHandlers(
      ManifestView view, Publisher publisher, ObjectReader reader, ObjectWriter writer,
      CopyHandler copies, IngestConfig config, SchemaRegistry registry) {
    this.view = view;
    this.publisher = publisher;
    this.reader = reader;
    this.writer = writer;
    this.copies = copies;
    this.topics = config.topics();
    this.putTimeout = config.putTimeout();
    this.requireTlsForSseC = config.requireTlsForSseC();
    this.eventSerde = new AvroWireSerde<>(ObjectEvent.class, registry);
  }

  List<Route> routes() {
    return List.of(
        Route.of("PUT", Route.Shape.OBJECT, MAX_PUT_SIZE, this::put),
        Route.of("GET", Route.Shape.OBJECT, 0, this::get),
        Route.of("HEAD", Route.Shape.OBJECT, 0, this::get),
        Route.of("GET", Route.Shape.OBJECT, "partNumber", 0, this::get),
        Route.of("GET", Route.Shape.OBJECT, "tagging", 0, this::tagging),
        Route.of("HEAD", Route.Shape.OBJECT, "partNumber", 0, this::get),
        Route.of("DELETE", Route.Shape.OBJECT, 0, this::delete));
  }

  // ---------------------------------------------------------------- PUT

  void put(S3Call call) throws S3Exception, IOException {
    String bucket = call.bucket();
    String key = call.key();
    if (view.bucketAfterAnyWrite(bucket, MISS_CATCH_UP) == null) {
      throw S3Error.NO_SUCH_BUCKET.exception();
    }
    if (call.header(CopySources.COPY_SOURCE) != null) {
      copies.copy(call);
      return;
    }
    RequestBody body = call.body();
    byte[] expectedMd5 = contentMd5(call.header("Content-MD5"));
    SseRequest sse = BucketEncryption.forWrite(view.bucket(bucket), call::header, transportOk(call));
    Map<String, String> metadata = userMetadata(call);
    String customerKeyMd5 = sse.customerKeyMd5();
    String kmsContext = sse.kmsContext();
    ObjectWriter.Written written;
    try (body) {
      written = writer.write(
          new ObjectWriter.Target(bucket, key, sse, call.header("Content-Type"), metadata),
          body, body.length(), body::verifyEnd, expectedMd5);
    }
    answerWrite(call, sse.mode(), written, customerKeyMd5, kmsContext);
    call.send(200, 0);
  }

  /** The headers of a write's answer: ETag and the SSE headers of the stored object. */
  static void answerWrite(S3Call call, SseMode mode, ObjectWriter.Written written,
      String customerKeyMd5, String kmsContext) throws S3Exception {
    ObjectManifest m = written.manifest();
    if (m != null) {
      call.setHeader("ETag", quote(
          mode == SseMode.SSE_S3 ? HEX.formatHex(written.md5()) : ObjectReader.etag(m, null)));
      ObjectReader.sseResponseHeaders(call, m, customerKeyMd5);
    }
    if (kmsContext != null) {
      call.setHeader(SseRequest.CONTEXT,
          Base64.getEncoder().encodeToString(kmsContext.getBytes(StandardCharsets.UTF_8)));
    }
  }

  static byte[] contentMd5(String header) throws S3Exception {
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

  static Map<String, String> userMetadata(S3Call call) throws S3Exception {
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
    if (view.bucketAfterAnyWrite(bucket, MISS_CATCH_UP) == null) {
      throw S3Error.NO_SUCH_BUCKET.exception();
    }
    SseRequest customer = SseRequest.forRead(call::header, transportOk(call));
    try {
      ObjectManifest m = view.objectAfterAnyWrite(bucket, key, MISS_CATCH_UP);
      if (m == null) {
        throw S3Error.NO_SUCH_KEY.exception();
      }
      ObjectReader.checkCustomerKeyFits(m, customer);
      long size = m.getSize();
      ByteRange range = call.hasQuery("partNumber")
          ? partRange(m, call.query("partNumber"), call.header("Range") != null)
          : ByteRange.parse(call.header("Range"), size);
      ObjectKey oek = reader.openObjectKey(m, customer);
      try {
        call.setHeader("ETag", quote(ObjectReader.etag(m, oek)));
        call.setHeader("Last-Modified", HTTP_DATE.format(Instant.ofEpochMilli(m.getCreatedAtMillis())));
        call.setHeader("Accept-Ranges", "bytes");
        call.setHeader("Content-Type",
            m.getContentType() == null ? "binary/octet-stream" : m.getContentType());
        for (Map.Entry<String, String> e : m.getUserMetadata().entrySet()) {
          call.setHeader(META_PREFIX + e.getKey(), e.getValue());
        }
        if (m.getParts().size() > 1 || m.getParts().get(0).getNumber() != 0) {
          call.setHeader("x-amz-mp-parts-count", Integer.toString(m.getParts().size()));
        }
        ObjectReader.sseResponseHeaders(call, m, customer == null ? null : customer.customerKeyMd5());
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
        sendPlaintext(call, status, m, oek, offset, length);
      } finally {
        oek.destroy();
      }
    } finally {
      if (customer != null) {
        customer.destroy();
      }
    }
  }

  /**
   * The bytes of part {@code value} of the object (GET/HEAD ?partNumber=N); a single-part object
   * has one part, number 1. An empty part of an empty object is no range (the whole, empty body).
   */
  static ByteRange partRange(ObjectManifest m, String value, boolean alsoRange) throws S3Exception {
    if (alsoRange) {
      throw S3Error.INVALID_REQUEST.exception(
          "Cannot specify both Range header and partNumber query parameter");
    }
    int n = MultipartHandlers.partNumber(value);
    long offset = 0;
    for (PartManifest p : m.getParts()) {
      int number = p.getNumber() == 0 ? 1 : p.getNumber();
      if (number == n) {
        return p.getSize() == 0 ? null : new ByteRange(offset, p.getSize());
      }
      offset += p.getSize();
    }
    throw S3Error.INVALID_PART_NUMBER.exception();
  }

  private void sendPlaintext(
      S3Call call, int status, ObjectManifest m, ObjectKey oek, long offset, long length)
      throws S3Exception, IOException {
    // No larger than what is sent (a 4 KiB GET needs 4 KiB, an empty one nothing), and a whole
    // package for anything larger: DareInputStream opens a package that a read takes whole (every
    // read at a package boundary) straight into this array, without a buffer and copy of its own.
    byte[] buffer = new byte[(int) Math.min(DareFormat.MAX_PAYLOAD_SIZE, length)];
    try (InputStream plain = reader.open(m, oek, offset, length)) {
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
      Arrays.fill(buffer, (byte) 0);
    }
  }

  /**
   * GetObjectTagging: objects carry no tags here (PutObjectTagging is not implemented), so the
   * answer is the truth, an empty tag set. Clients that copy tags along (the AWS CLI's multipart
   * copy) need it.
   */
  void tagging(S3Call call) throws S3Exception, IOException {
    if (view.bucket(call.bucket()) == null) {
      throw S3Error.NO_SUCH_BUCKET.exception();
    }
    if (view.object(call.bucket(), call.key()) == null) {
      throw S3Error.NO_SUCH_KEY.exception();
    }
    call.sendXml(200, MultipartHandlers.xml("Tagging", "<TagSet></TagSet>"));
  }

  // ---------------------------------------------------------------- DELETE

  void delete(S3Call call) throws S3Exception {
    new ObjectDeletion(view, publisher, topics, eventSerde, putTimeout).deleteObject(call);
  }

  // ---------------------------------------------------------------- helpers

  private boolean transportOk(S3Call call) {
    return call.isSecure() || !requireTlsForSseC;
  }

  static String quote(String etag) {
    return "\"" + etag + "\"";
  }
}
