package io.sealstream.ingest;

import io.sealstream.schemas.BucketRecord;
import io.sealstream.schemas.SseMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.w3c.dom.Element;

/**
 * A bucket's default encryption (PutBucketEncryption): SSE-S3, or SSE-KMS under a master key
 * (null = the default key). Applies to writes that name no encryption themselves ({@link
 * #effective}); it never re-encrypts stored objects. Stored in the bucket's {@link BucketRecord}.
 *
 * <p>{@code BucketKeyEnabled} is accepted and not stored: every Sealstream object key is sealed
 * under a per-bucket data key (S3 Bucket Keys, always on), so there is nothing to switch off,
 * and an aws:kms configuration is reported with {@code BucketKeyEnabled} true.
 *
 * <p>Immutable, validated when made.
 */
record BucketEncryption(SseMode mode, String kmsKeyId) {
  private static final String AES256 = "AES256";
  private static final String AWS_KMS = "aws:kms";
  private static final String AWS_KMS_DSSE = "aws:kms:dsse";

  BucketEncryption {
    Objects.requireNonNull(mode, "mode");
    if (mode == SseMode.SSE_C) {
      throw new IllegalArgumentException("SSE-C cannot be a bucket default");
    }
    if (mode == SseMode.SSE_S3 && kmsKeyId != null) {
      throw new IllegalArgumentException("SSE-S3 takes no KMS key");
    }
  }

  /** The default stored in {@code bucket}, or null when it has none. */
  static BucketEncryption of(BucketRecord bucket) {
    if (bucket == null || bucket.getDefaultMode() == null || bucket.getDefaultMode() == SseMode.SSE_C) {
      return null;
    }
    return new BucketEncryption(
        bucket.getDefaultMode(),
        bucket.getDefaultMode() == SseMode.SSE_KMS ? bucket.getDefaultKmsKeyId() : null);
  }

  /** {@code bucket} with this default. */
  BucketRecord applyTo(BucketRecord bucket) {
    BucketRecord copy = copyOf(bucket);
    copy.setDefaultMode(mode);
    copy.setDefaultKmsKeyId(kmsKeyId);
    return copy;
  }

  /** {@code bucket} without a default. */
  static BucketRecord removeFrom(BucketRecord bucket) {
    BucketRecord copy = copyOf(bucket);
    copy.setDefaultMode(null);
    copy.setDefaultKmsKeyId(null);
    return copy;
  }

  /**
   * A shallow copy, field by field, so fields added to the schema later survive a change of the
   * default. (The builder's deep copy would instantiate enums through Avro's class allow-list,
   * which only the serde installs.)
   */
  private static BucketRecord copyOf(BucketRecord bucket) {
    BucketRecord copy = new BucketRecord();
    for (int i = 0; i < bucket.getSchema().getFields().size(); i++) {
      copy.put(i, bucket.get(i));
    }
    return copy;
  }

  /**
   * The encryption of a write: what the request asked for when it carried any SSE header
   * (explicit headers always win, and SSE-C is never changed), else the bucket's default, else
   * SSE-S3. PutObject, CreateMultipartUpload and CopyObject (destination) all decide here.
   *
   * @param bucket the destination bucket's record; null is treated as "no default"
   * @param requested the request's parsed headers ({@link SseRequest#forWrite})
   * @param requestHadSseHeaders {@link SseRequest#hasWriteHeaders} of the same request
   */
  static SseRequest effective(BucketRecord bucket, SseRequest requested, boolean requestHadSseHeaders) {
    Objects.requireNonNull(requested, "requested");
    if (requestHadSseHeaders) {
      return requested;
    }
    BucketEncryption byDefault = of(bucket);
    if (byDefault == null || byDefault.mode == SseMode.SSE_S3) {
      return requested;
    }
    return SseRequest.sseKms(byDefault.kmsKeyId);
  }

  /** {@link SseRequest#forWrite} of the request's headers, then {@link #effective}. */
  static SseRequest forWrite(BucketRecord bucket, Function<String, String> header, boolean transportOk)
      throws S3Exception {
    return effective(bucket, SseRequest.forWrite(header, transportOk), SseRequest.hasWriteHeaders(header));
  }

  /**
   * Parses a {@code ServerSideEncryptionConfiguration} body: exactly one {@code Rule} with an
   * {@code ApplyServerSideEncryptionByDefault}.
   *
   * @throws S3Exception MalformedXML for a body that does not fit (also an unknown algorithm);
   *     InvalidArgument for aws:kms:dsse (not supported) or a KMS key with AES256;
   *     NotImplemented for blocked encryption types
   */
  static BucketEncryption parse(byte[] body) throws S3Exception {
    Element root = Xml.parse(body);
    if (!"ServerSideEncryptionConfiguration".equals(Xml.name(root))) {
      throw S3Error.MALFORMED_XML.exception();
    }
    List<Element> rules = Xml.children(root, "Rule");
    if (rules.size() != 1) {
      throw S3Error.MALFORMED_XML.exception(
          "The configuration must hold exactly one Rule.");
    }
    Element rule = rules.get(0);
    Element apply = Xml.child(rule, "ApplyServerSideEncryptionByDefault");
    if (apply == null) {
      throw S3Error.MALFORMED_XML.exception();
    }
    String bucketKey = Xml.childText(rule, "BucketKeyEnabled");
    if (bucketKey != null) {
      Xml.parseBoolean(bucketKey); // validated, see the class comment
    }
    Element blocked = Xml.child(rule, "BlockedEncryptionTypes");
    if (blocked != null) {
      for (Element type : Xml.children(blocked, "EncryptionType")) {
        if (!"NONE".equals(type.getTextContent().strip())) {
          throw S3Error.NOT_IMPLEMENTED.exception("Blocking encryption types is not supported");
        }
      }
    }
    String algorithm = Xml.childText(apply, "SSEAlgorithm");
    String keyId = Xml.childText(apply, "KMSMasterKeyID");
    if (algorithm == null) {
      throw S3Error.MALFORMED_XML.exception();
    }
    switch (algorithm.strip()) {
      case AES256 -> {
        if (keyId != null) {
          throw S3Error.INVALID_ARGUMENT.exception(
              "a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms");
        }
        return new BucketEncryption(SseMode.SSE_S3, null);
      }
      case AWS_KMS -> {
        return new BucketEncryption(SseMode.SSE_KMS,
            keyId == null || keyId.isEmpty() ? null : SseRequest.masterKeyIdOf(keyId));
      }
      case AWS_KMS_DSSE -> throw S3Error.INVALID_ARGUMENT.exception(
          "aws:kms:dsse (dual-layer SSE-KMS) is not supported by this server; use aws:kms or AES256");
      default -> throw S3Error.MALFORMED_XML.exception(
          "SSEAlgorithm must be AES256 or aws:kms");
    }
  }

  /** The GetBucketEncryption body. KMS keys are named as ARNs, as object responses name them. */
  byte[] toXml() {
    StringBuilder b = new StringBuilder(Xml.DECLARATION)
        .append("<ServerSideEncryptionConfiguration xmlns=\"").append(Xml.S3_NAMESPACE).append("\">")
        .append("<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>")
        .append(mode == SseMode.SSE_KMS ? AWS_KMS : AES256)
        .append("</SSEAlgorithm>");
    if (kmsKeyId != null) {
      b.append("<KMSMasterKeyID>").append(Xml.escape("arn:aws:kms:" + kmsKeyId)).append("</KMSMasterKeyID>");
    }
    b.append("</ApplyServerSideEncryptionByDefault>");
    if (mode == SseMode.SSE_KMS) {
      b.append("<BucketKeyEnabled>true</BucketKeyEnabled>");
    }
    b.append("</Rule></ServerSideEncryptionConfiguration>");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }
}
