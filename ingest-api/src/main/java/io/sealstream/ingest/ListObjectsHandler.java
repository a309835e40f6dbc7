package io.sealstream.ingest;

import io.sealstream.channel.ObjectKey;
import io.sealstream.schemas.ObjectManifest;
import io.sealstream.schemas.SseMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ListObjectsV2 ({@code GET /bucket?list-type=2}) and ListObjects V1 ({@code GET /bucket}): the
 * parameters are checked here, the page is {@link ObjectListing#list} over the bucket's ordered
 * keys in the view, and this renders it.
 *
 * <p>ETags: SSE-S3 ETags are sealed under the object key, so each listed SSE-S3 object's key is
 * opened (the bucket key is cached by the key source, so this is one unseal per object, not one
 * key-service call). When one does not open, the object is still listed, with an empty ETag,
 * and the reason is logged: leaving it out would tell a syncing client the object is gone, and
 * failing the page would hide every other object.
 */
final class ListObjectsHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ListObjectsHandler.class);

  private final ManifestView view;
  private final ObjectReader reader;

  ListObjectsHandler(ManifestView view, ObjectReader reader) {
    this.view = view;
    this.reader = reader;
  }

  List<Route> routes() {
    return List.of(Route.of("GET", Route.Shape.BUCKET, 0, this::list));
  }

  void list(S3Call call) throws S3Exception, IOException {
    String bucket = call.bucket();
    if (view.bucket(bucket) == null) {
      throw S3Error.NO_SUCH_BUCKET.exception();
    }
    boolean v2 = listType(call.query("list-type"));
    String prefix = orEmpty(call.query("prefix"));
    String delimiter = orEmpty(call.query("delimiter"));
    int maxKeys = maxKeys(call.query("max-keys"));
    boolean url = urlEncoding(call.query("encoding-type"));
    String token = v2 ? call.query("continuation-token") : null;
    String startAfter = v2 ? call.query("start-after") : call.query("marker");
    String after = token != null ? ContinuationToken.decode(token) : emptyToNull(startAfter);
    ObjectListing.Page<ObjectManifest> page = ObjectListing.list(
        view.objects(bucket), new ObjectListing.Query(prefix, delimiter, after, maxKeys));
    boolean owner = !v2 || "true".equals(call.query("fetch-owner"));

    StringBuilder xml = new StringBuilder(Xml.DECLARATION)
        .append("<ListBucketResult xmlns=\"").append(Xml.S3_NAMESPACE).append("\">");
    element(xml, "Name", bucket);
    element(xml, "Prefix", text(prefix, url));
    if (v2) {
      if (token != null) {
        element(xml, "ContinuationToken", token);
      }
      if (startAfter != null) {
        element(xml, "StartAfter", text(startAfter, url));
      }
      element(xml, "KeyCount", Integer.toString(page.count()));
    } else {
      element(xml, "Marker", text(orEmpty(startAfter), url));
    }
    element(xml, "MaxKeys", Integer.toString(maxKeys));
    if (!delimiter.isEmpty()) {
      element(xml, "Delimiter", text(delimiter, url));
    }
    if (url) {
      element(xml, "EncodingType", "url");
    }
    element(xml, "IsTruncated", Boolean.toString(page.truncated()));
    if (page.truncated()) {
      if (v2) {
        element(xml, "NextContinuationToken", ContinuationToken.encode(page.lastItem()));
      } else if (!delimiter.isEmpty()) {
        // Without a delimiter S3 leaves NextMarker out: clients resume after the last key.
        element(xml, "NextMarker", text(page.lastItem(), url));
      }
    }
    for (Map.Entry<String, ObjectManifest> e : page.contents()) {
      ObjectManifest m = e.getValue();
      xml.append("<Contents>");
      element(xml, "Key", text(e.getKey(), url));
      element(xml, "LastModified", Xml.isoTime(m.getCreatedAtMillis()));
      String etag = etag(m);
      element(xml, "ETag", etag.isEmpty() ? "" : ObjectHandlers.quote(etag));
      element(xml, "Size", Long.toString(m.getSize()));
      if (owner) {
        xml.append(Xml.OWNER);
      }
      element(xml, "StorageClass", "STANDARD");
      xml.append("</Contents>");
    }
    for (String common : page.commonPrefixes()) {
      xml.append("<CommonPrefixes>");
      element(xml, "Prefix", text(common, url));
      xml.append("</CommonPrefixes>");
    }
    xml.append("</ListBucketResult>");
    call.sendXml(200, xml.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The unquoted ETag, or "" when the object's key does not open now (see the class comment). */
  private String etag(ObjectManifest m) {
    ObjectKey oek = null;
    try {
      // SSE-KMS and SSE-C ETags are readable without a key; SSE-S3 ones are sealed under it.
      if (m.getMode() == SseMode.SSE_S3) {
        oek = reader.openObjectKey(m, null);
      }
      return ObjectReader.etag(m, oek);
    } catch (S3Exception | RuntimeException e) {
      LOG.warn("listing {}: no ETag for key {} version {}: {}", m.getBucket(), m.getObjectKey(),
          m.getVersionId(), e instanceof S3Exception s ? s.error().code() : e.getClass().getSimpleName());
      return "";
    } finally {
      if (oek != null) {
        oek.destroy();
      }
    }
  }

  private static boolean listType(String value) throws S3Exception {
    if (value == null) {
      return false;
    }
    if (value.equals("2")) {
      return true;
    }
    throw S3Error.INVALID_ARGUMENT.exception("Invalid List Type specified: list-type must be 2");
  }

  /** Default 1000; larger asks get 1000 (as S3); 0 is allowed; negative or not a number: 400. */
  static int maxKeys(String value) throws S3Exception {
    if (value == null) {
      return ObjectListing.MAX_KEYS;
    }
    long n;
    try {
      n = Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw S3Error.INVALID_ARGUMENT.exception("Provided max-keys not an integer or within integer range");
    }
    if (n < 0) {
      throw S3Error.INVALID_ARGUMENT.exception("max-keys must not be negative");
    }
    return (int) Math.min(n, ObjectListing.MAX_KEYS);
  }

  private static boolean urlEncoding(String value) throws S3Exception {
    if (value == null) {
      return false;
    }
    if (value.equalsIgnoreCase("url")) {
      return true;
    }
    throw S3Error.INVALID_ARGUMENT.exception("Invalid Encoding Method specified in Request");
  }

  private static String text(String value, boolean url) {
    return url ? Xml.urlEncode(value) : value;
  }

  private static void element(StringBuilder xml, String name, String value) {
    xml.append('<').append(name).append('>').append(Xml.escape(value)).append("</").append(name).append('>');
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
