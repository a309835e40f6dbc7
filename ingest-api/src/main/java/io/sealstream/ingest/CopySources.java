package io.sealstream.ingest;

import io.sealstream.channel.ObjectKey;
import io.sealstream.schemas.ObjectManifest;
import java.util.Locale;
import java.util.Objects;

/**
 * The source of a CopyObject or UploadPartCopy: {@code x-amz-copy-source} parsed, the object
 * found, its SSE-C key taken from the {@code x-amz-copy-source-server-side-encryption-customer-*}
 * headers (which only decrypt the source), and its object key opened. Thread-safe.
 */
final class CopySources {
  static final String COPY_SOURCE = "x-amz-copy-source";
  private static final String SOURCE_PREFIX = "x-amz-copy-source-server-side-encryption-customer-";
  private static final String CUSTOMER_PREFIX = "x-amz-server-side-encryption-customer-";

  private final ManifestView view;
  private final ObjectReader reader;

  CopySources(ManifestView view, ObjectReader reader) {
    this.view = Objects.requireNonNull(view, "view");
    this.reader = Objects.requireNonNull(reader, "reader");
  }

  /** An opened source: its manifest and object key; close to destroy the key. */
  record Source(String bucket, String key, ObjectManifest manifest, ObjectKey oek)
      implements AutoCloseable {
    @Override
    public void close() {
      oek.destroy();
    }
  }

  /**
   * Finds and opens the source named by the call's {@code x-amz-copy-source}.
   *
   * @throws S3Exception InvalidArgument for a malformed header, NoSuchBucket / NoSuchKey, the
   *     SSE-C errors of a GET for the source's key headers
   */
  Source open(S3Call call, boolean transportOk) throws S3Exception {
    String[] named = parse(call.header(COPY_SOURCE));
    if (view.bucket(named[0]) == null) {
      throw S3Error.NO_SUCH_BUCKET.exception();
    }
    ObjectManifest m = view.object(named[0], named[1]);
    if (m == null) {
      throw S3Error.NO_SUCH_KEY.exception();
    }
    SseRequest customer = sourceCustomerKey(call, transportOk);
    try {
      ObjectReader.checkCustomerKeyFits(m, customer);
      return new Source(named[0], named[1], m, reader.openObjectKey(m, customer));
    } finally {
      if (customer != null) {
        customer.destroy();
      }
    }
  }

  /** The SSE-C headers that open the source, read the way a GET reads its own. */
  static SseRequest sourceCustomerKey(S3Call call, boolean transportOk) throws S3Exception {
    return SseRequest.forRead(
        name -> {
          String lower = name.toLowerCase(Locale.ROOT);
          return lower.startsWith(CUSTOMER_PREFIX)
              ? call.header(SOURCE_PREFIX + name.substring(CUSTOMER_PREFIX.length()))
              : null;
        },
        transportOk);
  }

  /** The MD5 (base64) of the source's customer key as the client stated it, or null. */
  static String sourceCustomerKeyMd5(S3Call call) {
    return call.header(SOURCE_PREFIX + "key-MD5");
  }

  /** {@code [bucket, key]} of {@code /bucket/key} or {@code bucket/key}, URL-encoded. */
  static String[] parse(String header) throws S3Exception {
    if (header == null || header.isEmpty()) {
      throw S3Error.INVALID_ARGUMENT.exception("Copy Source must mention the source bucket and key: sourcebucket/sourcekey");
    }
    String raw = header;
    int question = raw.indexOf('?');
    if (question >= 0) {
      String query = raw.substring(question + 1);
      raw = raw.substring(0, question);
      if (!query.isEmpty() && !query.equals("versionId=null")) {
        throw S3Error.NOT_IMPLEMENTED.exception("object versions are not supported");
      }
    }
    String path = Router.percentDecode(raw);
    if (path.startsWith("/")) {
      path = path.substring(1);
    }
    int slash = path.indexOf('/');
    if (slash <= 0 || slash == path.length() - 1) {
      throw S3Error.INVALID_ARGUMENT.exception("Copy Source must mention the source bucket and key: sourcebucket/sourcekey");
    }
    return new String[] {path.substring(0, slash), path.substring(slash + 1)};
  }
}
