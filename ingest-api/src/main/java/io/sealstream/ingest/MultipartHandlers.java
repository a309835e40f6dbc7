package io.sealstream.ingest;

import io.sealstream.channel.ExternalKey;
import io.sealstream.channel.ObjectIdentity;
import io.sealstream.channel.ObjectKey;
import io.sealstream.keymaterial.KeyMaterialSource;
import io.sealstream.schemas.AvroWireSerde;
import io.sealstream.schemas.MultipartKey;
import io.sealstream.schemas.MultipartUpload;
import io.sealstream.schemas.ObjectEvent;
import io.sealstream.schemas.ObjectEventType;
import io.sealstream.schemas.ObjectManifest;
import io.sealstream.schemas.PartManifest;
import io.sealstream.schemas.PartRecord;
import io.sealstream.schemas.SchemaRegistry;
import io.sealstream.schemas.SseMode;
import io.sealstream.schemas.UploadHeader;
import io.sealstream.schemas.WrappedKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * Multipart uploads: create, upload part (and part copy), complete, abort, list parts, list
 * uploads.
 *
 * <p>CreateMultipartUpload chooses the object key and its version id at once and stores them
 * sealed in the upload record, so every part is sealed by the encryptor under a part key of that
 * one object key (with a fresh nonce per attempt). A part is a chunk stream like a PUT (its own
 * record key per attempt) and is answered once its part record is in this process's view.
 * Complete checks the part list against the stored parts and commits, in one Kafka transaction,
 * the object's manifest (which names each part's blob), its event, and the tombstones of the
 * upload and its parts. See docs/pipeline.md, "Multipart uploads".
 */
final class MultipartHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(MultipartHandlers.class);
  static final int MAX_PARTS = 10_000;
  /** S3's minimum size of every part but the last. */
  static final long MIN_PART_SIZE = 5L * 1024 * 1024;
  static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;
  /** A CompleteMultipartUpload body naming 10,000 parts with long ETags stays well below this. */
  static final long COMPLETE_BODY_LIMIT = 4L * 1024 * 1024;
  private static final HexFormat HEX = HexFormat.of();

  private final ManifestView objects;
  private final UploadsView uploads;
  private final Publisher publisher;
  private final ObjectReader reader;
  private final ChunkStreamer streamer;
  private final WriteKeys writeKeys;
  private final CopySources copySources;
  private final IngestTopics topics;
  private final Duration timeout;
  private final boolean requireTlsForSseC;
  private final AvroWireSerde<MultipartUpload> uploadSerde;
  private final AvroWireSerde<ObjectManifest> manifestSerde;
  private final AvroWireSerde<ObjectEvent> eventSerde;

  MultipartHandlers(
      ManifestView objects, UploadsView uploads, Publisher publisher, ObjectReader reader,
      ChunkStreamer streamer, WriteKeys writeKeys, CopySources copySources, IngestConfig config,
      SchemaRegistry registry) {
    this.objects = objects;
    this.uploads = uploads;
    this.publisher = publisher;
    this.reader = reader;
    this.streamer = streamer;
    this.writeKeys = writeKeys;
    this.copySources = copySources;
    this.topics = config.topics();
    this.timeout = config.putTimeout();
    this.requireTlsForSseC = config.requireTlsForSseC();
    this.uploadSerde = new AvroWireSerde<>(MultipartUpload.class, registry);
    this.manifestSerde = new AvroWireSerde<>(ObjectManifest.class, registry);
    this.eventSerde = new AvroWireSerde<>(ObjectEvent.class, registry);
  }

  List<Route> routes() {
    return List.of(
        Route.of("POST", Route.Shape.OBJECT, "uploads", 0, this::create),
        Route.of("PUT", Route.Shape.OBJECT, "uploadId", MAX_PART_SIZE, this::uploadPart),
        Route.of("POST", Route.Shape.OBJECT, "uploadId", COMPLETE_BODY_LIMIT, this::complete),
        Route.of("DELETE", Route.Shape.OBJECT, "uploadId", 0, this::abort),
        Route.of("GET", Route.Shape.OBJECT, "uploadId", 0, this::listParts),
        Route.of("GET", Route.Shape.BUCKET, "uploads", 0, this::listUploads));
  }

  // ---------------------------------------------------------------- create

  void create(S3Call call) throws S3Exception, IOException {
    String bucket = call.bucket();
    String key = call.key();
    if (objects.bucket(bucket) == null) {
      throw S3Error.NO_SUCH_BUCKET.exception();
    }
    SseRequest sse = BucketEncryption.forWrite(objects.bucket(bucket), call::header, transportOk(call));
    Map<String, String> metadata = ObjectHandlers.userMetadata(call);
    String uploadId = UUID.randomUUID().toString();
    String versionId = UUID.randomUUID().toString();
    String customerKeyMd5 = sse.customerKeyMd5();
    MultipartKey.Builder mk = MultipartKey.newBuilder();
    ExternalKey ek;
    if (sse.mode() == SseMode.SSE_C) {
      byte[] raw = sse.customerKey();
      ek = ExternalKey.copyOf(raw);
      java.util.Arrays.fill(raw, (byte) 0);
      sse.destroy();
    } else {
      KeyMaterialSource.BucketKey bk = writeKeys.bucketKey(bucket, sse);
      ek = bk.key();
      mk.setKmsKeyId(bk.masterKeyId()).setKmsKeyCiphertext(ByteBuffer.wrap(bk.ciphertext()));
    }
    ObjectKey oek = ObjectKey.generate(ek);
    try {
      mk.setSealedObjectKey(ByteBuffer.wrap(
          oek.seal(ek, ObjectReader.sealingMode(sse.mode()),
              new ObjectIdentity(bucket, key, versionId)).toBytes()));
    } finally {
      oek.destroy();
      ek.destroy();
    }
    UploadHeader header =
        UploadHeader.newBuilder()
            .setBucket(bucket)
            .setObjectKey(key)
            .setVersionId(versionId)
            .setMode(sse.mode())
            .setKmsKeyId(sse.kmsKeyId())
            .setKmsContext(sse.kmsContext())
            .setCustomerKey(null)
            .setContentType(call.header("Content-Type"))
            .setUserMetadata(Map.copyOf(metadata))
            .setCreatedAtMillis(System.currentTimeMillis())
            .setMultipart(mk.build())
            .build();
    MultipartUpload upload =
        MultipartUpload.newBuilder()
            .setUploadId(uploadId)
            .setHeader(header)
            .setInitiatedAtMillis(header.getCreatedAtMillis())
            .build();
    publisher.sendAndWait(topics.uploads(), uploadId,
        uploadSerde.serialize(topics.uploads(), upload));
    if (!uploads.awaitUpload(uploadId, true, timeout)) {
      throw S3Error.SERVICE_UNAVAILABLE.exception();
    }
    ObjectManifest m = asManifest(upload);
    ObjectReader.sseResponseHeaders(call, m, customerKeyMd5);
    if (sse.kmsContext() != null) {
      call.setHeader(SseRequest.CONTEXT,
          Base64.getEncoder().encodeToString(sse.kmsContext().getBytes(StandardCharsets.UTF_8)));
    }
    call.sendXml(200, xml("InitiateMultipartUploadResult",
        el("Bucket", bucket) + el("Key", key) + el("UploadId", uploadId)));
  }

  // ---------------------------------------------------------------- upload part (copy)

  void uploadPart(S3Call call) throws S3Exception, IOException {
    MultipartUpload upload = upload(call);
    int partNumber = partNumber(call.query("partNumber"));
    UploadHeader h = upload.getHeader();
    ObjectManifest asObject = asManifest(upload);
    boolean copy = call.header(CopySources.COPY_SOURCE) != null;
    // the upload's mode is fixed: parts carry no SSE-S3/KMS headers, and SSE-C parts the same key
    SseRequest customer = SseRequest.forRead(call::header, transportOk(call));
    String customerKeyMd5 = customer == null ? null : customer.customerKeyMd5();
    WrappedKey wrapped = null;
    try {
      if (h.getMode() == SseMode.SSE_C && customer == null) {
        throw S3Error.INVALID_REQUEST.exception(
            "The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters.");
      }
      if (h.getMode() != SseMode.SSE_C && customer != null) {
        throw S3Error.INVALID_REQUEST.exception(
            "The multipart upload initiate did not request encryption with a customer key.");
      }
      if (customer != null) {
        // the same key as at Create: it must open the upload's object key (403 otherwise)
        reader.openObjectKey(asObject, customer).destroy();
        wrapped = writeKeys.wrapCustomerKey(customer, upload.getUploadId());
        customer = null;
      }
    } finally {
      if (customer != null) {
        customer.destroy();
      }
    }
    String attemptId = UUID.randomUUID().toString();
    ChunkStreamer.Target target = new ChunkStreamer.Target(upload.getUploadId(), partNumber,
        attemptId, UploadHeader.newBuilder(h).setCustomerKey(wrapped).build());
    byte[] md5;
    if (copy) {
      md5 = copyIntoPart(call, target);
    } else {
      RequestBody body = call.body();
      try (body) {
        md5 = streamer.stream(body, body.length(), target, body::verifyEnd,
            ObjectHandlers.contentMd5(call.header("Content-MD5")));
      }
    }
    PartRecord stored = uploads.awaitAttempt(attemptId, timeout);
    if (stored == null) {
      LOG.warn("part {} of upload {} not stored within {}", partNumber, upload.getUploadId(), timeout);
      throw S3Error.SERVICE_UNAVAILABLE.exception(
          "The part was accepted but not stored in time; retry the part.");
    }
    String etag = h.getMode() == SseMode.SSE_S3
        ? HEX.formatHex(md5)
        : ObjectReader.partEtag(asObject, stored.getPart(), null);
    ObjectReader.sseResponseHeaders(call, asObject, customerKeyMd5);
    if (copy) {
      call.sendXml(200, xml("CopyPartResult",
          el("LastModified", iso(stored.getStoredAtMillis()))
              + el("ETag", ObjectHandlers.quote(etag))));
    } else {
      call.setHeader("ETag", ObjectHandlers.quote(etag));
      call.send(200, 0);
    }
  }

  /** UploadPartCopy: the source's plaintext (or a range of it) becomes the part's chunks. */
  private byte[] copyIntoPart(S3Call call, ChunkStreamer.Target target)
      throws S3Exception, IOException {
    try (CopySources.Source source = copySources.open(call, transportOk(call))) {
      long size = source.manifest().getSize();
      long offset = 0;
      long length = size;
      String rangeHeader = call.header("x-amz-copy-source-range");
      if (rangeHeader != null) {
        ByteRange range = copyRange(rangeHeader, size);
        offset = range.offset();
        length = range.length();
      }
      if (length > MAX_PART_SIZE) {
        throw S3Error.ENTITY_TOO_LARGE.exception();
      }
      try (InputStream plain = reader.open(source.manifest(), source.oek(), offset, length)) {
        return streamer.stream(plain, length, target, ChunkStreamer.EndCheck.NONE, null);
      }
    }
  }

  /** {@code bytes=first-last}, both given and inside the source: S3 accepts no other form here. */
  static ByteRange copyRange(String header, long size) throws S3Exception {
    String spec = header.trim();
    if (spec.startsWith("bytes=")) {
      String[] ends = spec.substring(6).split("-", -1);
      if (ends.length == 2 && !ends[0].isEmpty() && !ends[1].isEmpty()) {
        try {
          long first = Long.parseLong(ends[0].trim());
          long last = Long.parseLong(ends[1].trim());
          if (first >= 0 && first <= last && last < size) {
            return new ByteRange(first, last - first + 1);
          }
        } catch (NumberFormatException e) {
          // fall through to the error
        }
      }
    }
    throw S3Error.INVALID_ARGUMENT.exception(
        "Range specified is not valid for source object of size: " + size);
  }

  // ---------------------------------------------------------------- complete

  record Requested(int number, String etag) {}

  void complete(S3Call call) throws S3Exception, IOException {
    String uploadId = call.query("uploadId");
    for (String h : new String[] {SseRequest.SSE, SseRequest.KMS_KEY_ID, SseRequest.CONTEXT}) {
      if (call.header(h) != null) {
        throw S3Error.INVALID_ARGUMENT.exception(h + " header is not supported for this operation");
      }
    }
    byte[] body;
    try (RequestBody in = call.body()) {
      body = in.readNBytes((int) Math.min(in.length(), COMPLETE_BODY_LIMIT));
      in.verifyEnd();
    }
    MultipartUpload upload = uploads.upload(uploadId);
    if (upload == null) {
      // a retried Complete whose first attempt succeeded: answer as the first did
      ObjectManifest done = objects.object(call.bucket(), call.key());
      if (done != null && uploadId.equals(done.getUploadId())) {
        answerComplete(call, done);
        return;
      }
      throw S3Error.NO_SUCH_UPLOAD.exception();
    }
    checkTarget(call, upload);
    List<Requested> requested = parseComplete(body);
    ObjectManifest asObject = asManifest(upload);
    NavigableMap<Integer, PartRecord> stored = uploads.parts(uploadId);
    ObjectKey oek = upload.getHeader().getMode() == SseMode.SSE_S3
        ? reader.openObjectKey(asObject, null) : null;
    List<PartManifest> parts = new ArrayList<>();
    long size = 0;
    try {
      int previous = 0;
      for (int i = 0; i < requested.size(); i++) {
        Requested r = requested.get(i);
        if (r.number() <= previous) {
          throw S3Error.INVALID_PART_ORDER.exception();
        }
        previous = r.number();
        PartRecord p = stored.get(r.number());
        if (p == null || !ObjectReader.partEtag(asObject, p.getPart(), oek).equals(unquote(r.etag()))) {
          throw S3Error.INVALID_PART.exception();
        }
        parts.add(p.getPart());
        size += p.getPart().getSize();
      }
    } finally {
      if (oek != null) {
        oek.destroy();
      }
    }
    // sizes only once every named part is known to exist, as S3 orders its checks
    for (int i = 0; i < parts.size() - 1; i++) {
      if (parts.get(i).getSize() < MIN_PART_SIZE) {
        throw S3Error.ENTITY_TOO_SMALL.exception();
      }
    }
    ObjectManifest manifest =
        ObjectManifest.newBuilder(asObject)
            .setSize(size)
            .setParts(parts)
            .setCreatedAtMillis(System.currentTimeMillis())
            .build();
    String objectId = ManifestView.objectKey(upload.getHeader().getBucket(), upload.getHeader().getObjectKey());
    ObjectEvent event =
        ObjectEvent.newBuilder()
            .setType(ObjectEventType.STORED)
            .setBucket(manifest.getBucket())
            .setObjectKey(manifest.getObjectKey())
            .setVersionId(manifest.getVersionId())
            .setUploadId(uploadId)
            .setSize(size)
            .setMode(manifest.getMode())
            .setTimeMillis(manifest.getCreatedAtMillis())
            .build();
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    records.add(new ProducerRecord<>(topics.objects(), objectId,
        manifestSerde.serialize(topics.objects(), manifest)));
    records.add(new ProducerRecord<>(topics.events(), objectId,
        eventSerde.serialize(topics.events(), event)));
    records.addAll(endUpload(uploadId, stored.keySet()));
    publisher.atomically(records);
    if (!objects.awaitVersion(manifest.getBucket(), manifest.getObjectKey(), manifest.getVersionId(), timeout)) {
      throw S3Error.SERVICE_UNAVAILABLE.exception();
    }
    answerComplete(call, manifest);
  }

  private void answerComplete(S3Call call, ObjectManifest m) throws S3Exception, IOException {
    String etag;
    if (m.getMode() == SseMode.SSE_S3) {
      ObjectKey oek = reader.openObjectKey(m, null);
      try {
        etag = ObjectReader.etag(m, oek);
      } finally {
        oek.destroy();
      }
    } else {
      etag = ObjectReader.etag(m, null);
    }
    if (m.getMode() != SseMode.SSE_C) {
      ObjectReader.sseResponseHeaders(call, m, null);
    }
    call.sendXml(200, xml("CompleteMultipartUploadResult",
        el("Location", "/" + m.getBucket() + "/" + m.getObjectKey())
            + el("Bucket", m.getBucket()) + el("Key", m.getObjectKey())
            + el("ETag", ObjectHandlers.quote(etag))));
  }

  static List<Requested> parseComplete(byte[] body) throws S3Exception {
    Element root = XmlRequest.parse(body);
    if (!XmlRequest.localName(root).equals("CompleteMultipartUpload")) {
      throw S3Error.MALFORMED_XML.exception();
    }
    List<Requested> out = new ArrayList<>();
    for (Element part : XmlRequest.children(root, "Part")) {
      String number = XmlRequest.text(part, "PartNumber");
      String etag = XmlRequest.text(part, "ETag");
      if (number == null || etag == null) {
        throw S3Error.MALFORMED_XML.exception();
      }
      try {
        out.add(new Requested(Integer.parseInt(number), etag));
      } catch (NumberFormatException e) {
        throw S3Error.MALFORMED_XML.exception();
      }
    }
    if (out.isEmpty() || out.size() > MAX_PARTS) {
      throw S3Error.MALFORMED_XML.exception();
    }
    return out;
  }

  // ---------------------------------------------------------------- abort

  void abort(S3Call call) throws S3Exception {
    MultipartUpload upload = upload(call);
    String uploadId = upload.getUploadId();
    publisher.atomically(endUpload(uploadId, uploads.parts(uploadId).keySet()));
    if (!uploads.awaitUpload(uploadId, false, timeout)) {
      throw S3Error.SERVICE_UNAVAILABLE.exception();
    }
    call.send(204, 0);
  }

  /** Tombstones of the upload and of its part records; the blobs are collected later. */
  private List<ProducerRecord<String, byte[]>> endUpload(String uploadId, Iterable<Integer> partNumbers) {
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    records.add(new ProducerRecord<>(topics.uploads(), uploadId, null));
    for (int n : partNumbers) {
      records.add(new ProducerRecord<>(topics.parts(), uploadId + "/" + n, null));
    }
    return records;
  }

  // ---------------------------------------------------------------- list parts, list uploads

  void listParts(S3Call call) throws S3Exception, IOException {
    MultipartUpload upload = upload(call);
    int max = boundedInt(call.query("max-parts"), 1000, "max-parts");
    int marker = call.query("part-number-marker") == null
        ? 0 : boundedInt(call.query("part-number-marker"), 0, "part-number-marker");
    ObjectManifest asObject = asManifest(upload);
    NavigableMap<Integer, PartRecord> stored = uploads.parts(upload.getUploadId()).tailMap(marker, false);
    ObjectKey oek = upload.getHeader().getMode() == SseMode.SSE_S3 && !stored.isEmpty()
        ? reader.openObjectKey(asObject, null) : null;
    StringBuilder b = new StringBuilder();
    b.append(el("Bucket", call.bucket())).append(el("Key", call.key()))
        .append(el("UploadId", upload.getUploadId()))
        .append(owner("Initiator")).append(owner("Owner"))
        .append(el("StorageClass", "STANDARD"))
        .append(el("PartNumberMarker", Integer.toString(marker)));
    int count = 0;
    int last = marker;
    boolean truncated = false;
    try {
      for (PartRecord p : stored.values()) {
        if (count == max) {
          truncated = true;
          break;
        }
        PartManifest part = p.getPart();
        b.append("<Part>").append(el("PartNumber", Integer.toString(part.getNumber())))
            .append(el("LastModified", iso(p.getStoredAtMillis())))
            .append(el("ETag", ObjectHandlers.quote(ObjectReader.partEtag(asObject, part, oek))))
            .append(el("Size", Long.toString(part.getSize()))).append("</Part>");
        last = part.getNumber();
        count++;
      }
    } finally {
      if (oek != null) {
        oek.destroy();
      }
    }
    b.append(el("NextPartNumberMarker", Integer.toString(last)))
        .append(el("MaxParts", Integer.toString(max)))
        .append(el("IsTruncated", Boolean.toString(truncated)));
    call.sendXml(200, xml("ListPartsResult", b.toString()));
  }

  void listUploads(S3Call call) throws S3Exception, IOException {
    String bucket = call.bucket();
    if (objects.bucket(bucket) == null) {
      throw S3Error.NO_SUCH_BUCKET.exception();
    }
    String prefix = call.query("prefix") == null ? "" : call.query("prefix");
    String delimiter = call.query("delimiter");
    String keyMarker = call.query("key-marker") == null ? "" : call.query("key-marker");
    String idMarker = call.query("upload-id-marker") == null ? "" : call.query("upload-id-marker");
    int max = boundedInt(call.query("max-uploads"), 1000, "max-uploads");
    List<MultipartUpload> all = new ArrayList<>();
    for (MultipartUpload u : uploads.uploads()) {
      UploadHeader h = u.getHeader();
      if (h.getBucket().equals(bucket) && h.getObjectKey().startsWith(prefix)
          && afterMarker(h.getObjectKey(), u.getUploadId(), keyMarker, idMarker)) {
        all.add(u);
      }
    }
    // S3 orders by key, then by initiation time
    all.sort(Comparator.comparing((MultipartUpload u) -> u.getHeader().getObjectKey())
        .thenComparingLong(MultipartUpload::getInitiatedAtMillis)
        .thenComparing(MultipartUpload::getUploadId));
    StringBuilder entries = new StringBuilder();
    TreeSet<String> prefixes = new TreeSet<>();
    int count = 0;
    boolean truncated = false;
    String nextKey = "";
    String nextId = "";
    for (MultipartUpload u : all) {
      String key = u.getHeader().getObjectKey();
      String common = commonPrefix(key, prefix, delimiter);
      if (count == max) {
        truncated = true;
        break;
      }
      if (common != null) {
        if (prefixes.add(common)) {
          count++;
          nextKey = common;
          nextId = "";
        }
        continue;
      }
      entries.append("<Upload>").append(el("Key", key))
          .append(el("UploadId", u.getUploadId()))
          .append(owner("Initiator")).append(owner("Owner"))
          .append(el("StorageClass", "STANDARD"))
          .append(el("Initiated", iso(u.getInitiatedAtMillis()))).append("</Upload>");
      nextKey = key;
      nextId = u.getUploadId();
      count++;
    }
    StringBuilder b = new StringBuilder();
    b.append(el("Bucket", bucket)).append(el("KeyMarker", keyMarker))
        .append(el("UploadIdMarker", idMarker));
    if (truncated) {
      b.append(el("NextKeyMarker", nextKey)).append(el("NextUploadIdMarker", nextId));
    }
    if (!prefix.isEmpty()) {
      b.append(el("Prefix", prefix));
    }
    if (delimiter != null) {
      b.append(el("Delimiter", delimiter));
    }
    b.append(el("MaxUploads", Integer.toString(max)))
        .append(el("IsTruncated", Boolean.toString(truncated)))
        .append(entries);
    for (String p : prefixes) {
      b.append("<CommonPrefixes>").append(el("Prefix", p)).append("</CommonPrefixes>");
    }
    call.sendXml(200, xml("ListMultipartUploadsResult", b.toString()));
  }

  private static boolean afterMarker(String key, String uploadId, String keyMarker, String idMarker) {
    int c = key.compareTo(keyMarker);
    if (keyMarker.isEmpty() || c > 0) {
      return true;
    }
    return c == 0 && !idMarker.isEmpty() && uploadId.compareTo(idMarker) > 0;
  }

  private static String commonPrefix(String key, String prefix, String delimiter) {
    if (delimiter == null || delimiter.isEmpty()) {
      return null;
    }
    int at = key.indexOf(delimiter, prefix.length());
    return at < 0 ? null : key.substring(0, at + delimiter.length());
  }

  // ---------------------------------------------------------------- helpers

  /** The upload named by {@code uploadId}, which must belong to the call's bucket and key. */
  private MultipartUpload upload(S3Call call) throws S3Exception {
    if (objects.bucket(call.bucket()) == null) {
      throw S3Error.NO_SUCH_BUCKET.exception();
    }
    MultipartUpload upload = uploads.upload(call.query("uploadId"));
    if (upload == null) {
      throw S3Error.NO_SUCH_UPLOAD.exception();
    }
    checkTarget(call, upload);
    return upload;
  }

  private static void checkTarget(S3Call call, MultipartUpload upload) throws S3Exception {
    if (!upload.getHeader().getBucket().equals(call.bucket())
        || !upload.getHeader().getObjectKey().equals(call.key())) {
      throw S3Error.NO_SUCH_UPLOAD.exception();
    }
  }

  /** The object a completed upload becomes, without its parts: for opening its key. */
  static ObjectManifest asManifest(MultipartUpload upload) {
    UploadHeader h = upload.getHeader();
    MultipartKey mk = h.getMultipart();
    return ObjectManifest.newBuilder()
        .setBucket(h.getBucket())
        .setObjectKey(h.getObjectKey())
        .setVersionId(h.getVersionId())
        .setUploadId(upload.getUploadId())
        .setMode(h.getMode())
        .setSealedObjectKey(mk.getSealedObjectKey().duplicate())
        .setKmsKeyId(mk.getKmsKeyId())
        .setKmsKeyCiphertext(mk.getKmsKeyCiphertext() == null ? null : mk.getKmsKeyCiphertext().duplicate())
        .setKmsContext(h.getKmsContext())
        .setSize(0)
        .setParts(List.of())
        .setBlobId("")
        .setContentType(h.getContentType())
        .setUserMetadata(h.getUserMetadata())
        .setCreatedAtMillis(h.getCreatedAtMillis())
        .build();
  }

  static int partNumber(String value) throws S3Exception {
    try {
      int n = Integer.parseInt(value);
      if (n >= 1 && n <= MAX_PARTS) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the error
    }
    throw S3Error.INVALID_ARGUMENT.exception(
        "Part number must be an integer between 1 and 10000, inclusive");
  }

  private static int boundedInt(String value, int dflt, String name) throws S3Exception {
    if (value == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= 0) {
        return Math.min(n, 1000);
      }
    } catch (NumberFormatException e) {
      // fall through to the error
    }
    throw S3Error.INVALID_ARGUMENT.exception(name + " must be a non-negative integer");
  }

  private static String unquote(String etag) {
    String e = etag.trim();
    if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
      e = e.substring(1, e.length() - 1);
    }
    return e.replace("&quot;", "");
  }

  private boolean transportOk(S3Call call) {
    return call.isSecure() || !requireTlsForSseC;
  }

  private static final java.time.format.DateTimeFormatter ISO_MILLIS =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
          .withZone(java.time.ZoneOffset.UTC);

  /** S3's timestamp form in XML: ISO-8601 with milliseconds, UTC. */
  static String iso(long millis) {
    return ISO_MILLIS.format(Instant.ofEpochMilli(millis));
  }

  static String el(String name, String value) {
    return "<" + name + ">" + Xml.escape(value) + "</" + name + ">";
  }

  private static String owner(String element) {
    return "<" + element + "><ID>sealstream</ID><DisplayName>sealstream</DisplayName></" + element + ">";
  }

  static byte[] xml(String root, String inner) {
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + root
            + " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">" + inner + "</" + root + ">")
        .getBytes(StandardCharsets.UTF_8);
  }
}
