package io.sealstream.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealstream.schemas.SseMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The server-side encryption a request asks for, parsed and validated from its headers as
 * {@code /work/shared/reference/s3-sse-semantics.md} §1-6 and §9 say (AWS codes where AWS and
 * MinIO differ). Writes: exactly one mode; no header means SSE-S3 (every object is encrypted;
 * bucket defaults come later). Reads: only the SSE-C trio is allowed.
 *
 * <p>SSE-C over plain HTTP: AWS and MinIO refuse it (400 InvalidRequest). The caller passes
 * {@code transportOk = secure || !requireTlsForSseC}; with {@link IngestConfig#requireTlsForSseC}
 * false (stub-pipeline tests only) SSE-C is accepted over HTTP.
 *
 * <p>Immutable. {@link #toString} never prints the customer key.
 */
public final class SseRequest {
  static final String SSE = "x-amz-server-side-encryption";
  static final String KMS_KEY_ID = "x-amz-server-side-encryption-aws-kms-key-id";
  static final String CONTEXT = "x-amz-server-side-encryption-context";
  static final String BUCKET_KEY = "x-amz-server-side-encryption-bucket-key-enabled";
  static final String C_ALGORITHM = "x-amz-server-side-encryption-customer-algorithm";
  static final String C_KEY = "x-amz-server-side-encryption-customer-key";
  static final String C_KEY_MD5 = "x-amz-server-side-encryption-customer-key-MD5";

  private static final String KMS_ARN_PREFIX = "arn:aws:kms:";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SseMode mode;
  private final String kmsKeyId;
  private final String kmsContext;
  private final byte[] customerKey;
  private final String customerKeyMd5;

  private SseRequest(
      SseMode mode, String kmsKeyId, String kmsContext, byte[] customerKey, String customerKeyMd5) {
    this.mode = mode;
    this.kmsKeyId = kmsKeyId;
    this.kmsContext = kmsContext;
    this.customerKey = customerKey;
    this.customerKeyMd5 = customerKeyMd5;
  }

  /** SSE-S3, the mode of a write without SSE headers. */
  public static SseRequest sseS3() {
    return new SseRequest(SseMode.SSE_S3, null, null, null, null);
  }

  /** The mode for a write (PutObject). */
  public static SseRequest forWrite(Function<String, String> header, boolean transportOk)
      throws S3Exception {
    String sse = header.apply(SSE);
    String keyId = header.apply(KMS_KEY_ID);
    String context = header.apply(CONTEXT);
    if (hasCustomerHeaders(header)) {
      if (sse != null) {
        throw S3Error.INVALID_ARGUMENT.exception(
            "Server Side Encryption with Customer provided key is incompatible with the encryption method specified");
      }
      if (keyId != null || context != null) {
        throw S3Error.INVALID_ARGUMENT.exception(
            "x-amz-server-side-encryption-aws-kms-key-id and -context require x-amz-server-side-encryption: aws:kms");
      }
      return customer(header, transportOk);
    }
    if (sse == null) {
      if (keyId != null || context != null) {
        throw S3Error.INVALID_ARGUMENT.exception(
            "Specifying a KMS key or encryption context requires x-amz-server-side-encryption: aws:kms");
      }
      return sseS3();
    }
    switch (sse) {
      case "AES256" -> {
        if (keyId != null || context != null) {
          throw S3Error.INVALID_ARGUMENT.exception(
              "Specifying a KMS key or encryption context requires x-amz-server-side-encryption: aws:kms");
        }
        return sseS3();
      }
      case "aws:kms" -> {
        return new SseRequest(SseMode.SSE_KMS, masterKeyIdOf(keyId), canonicalContext(context), null, null);
      }
      case "aws:kms:dsse" ->
          throw S3Error.NOT_IMPLEMENTED.exception("Dual-layer SSE-KMS (aws:kms:dsse) is not supported");
      default ->
          throw S3Error.INVALID_ARGUMENT.exception(
              "The encryption method specified is not supported: x-amz-server-side-encryption must be AES256 or aws:kms");
    }
  }

  /**
   * SSE-KMS under {@code masterKeyId} (already normalised by {@link #masterKeyIdOf}; null = the
   * default key) without a client context: what a bucket default of aws:kms asks for.
   */
  public static SseRequest sseKms(String masterKeyId) {
    return new SseRequest(SseMode.SSE_KMS, masterKeyId, null, null, null);
  }

  /**
   * Whether a write names its encryption itself: any SSE-S3, SSE-KMS or SSE-C header. A write
   * without one gets the bucket default ({@link BucketEncryption#effective}). The bucket-key
   * header alone names no mode, so it does not count.
   */
  public static boolean hasWriteHeaders(Function<String, String> header) {
    return header.apply(SSE) != null
        || header.apply(KMS_KEY_ID) != null
        || header.apply(CONTEXT) != null
        || hasCustomerHeaders(header);
  }

  /**
   * A KMS key named as a bare id, as {@code arn:aws:kms:<id>} (the form this server answers
   * with), or as a full key ARN {@code arn:aws:kms:<region>:<account>:key/<id>} → the id.
   */
  public static String masterKeyIdOf(String keyIdOrArn) throws S3Exception {
    if (keyIdOrArn != null && keyIdOrArn.startsWith(KMS_ARN_PREFIX)) {
      int key = keyIdOrArn.lastIndexOf(":key/");
      if (key >= 0) {
        return kmsKeyId(keyIdOrArn.substring(key + ":key/".length()));
      }
    }
    return kmsKeyId(keyIdOrArn);
  }

  /**
   * The SSE-C key of a read (GetObject, HeadObject), or {@code null} when the request carries no
   * SSE-C header. SSE-S3/KMS headers on a read are refused.
   */
  public static SseRequest forRead(Function<String, String> header, boolean transportOk)
      throws S3Exception {
    for (String h : new String[] {SSE, KMS_KEY_ID, CONTEXT, BUCKET_KEY}) {
      if (header.apply(h) != null) {
        throw S3Error.INVALID_ARGUMENT.exception(h + " header is not supported for this operation");
      }
    }
    return hasCustomerHeaders(header) ? customer(header, transportOk) : null;
  }

  private static boolean hasCustomerHeaders(Function<String, String> header) {
    return header.apply(C_ALGORITHM) != null
        || header.apply(C_KEY) != null
        || header.apply(C_KEY_MD5) != null;
  }

  private static SseRequest customer(Function<String, String> header, boolean transportOk)
      throws S3Exception {
    if (!transportOk) {
      throw S3Error.INVALID_REQUEST.exception("Requests specifying Server Side Encryption with Customer provided keys must be made over a secure connection.");
    }
    String algorithm = header.apply(C_ALGORITHM);
    String key = header.apply(C_KEY);
    String md5 = header.apply(C_KEY_MD5);
    if (algorithm == null) {
      throw S3Error.INVALID_ARGUMENT.exception(
          "Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm.");
    }
    if (!algorithm.equals("AES256")) {
      throw S3Error.INVALID_ENCRYPTION_ALGORITHM.exception();
    }
    if (key == null) {
      throw S3Error.INVALID_ARGUMENT.exception(
          "Requests specifying Server Side Encryption with Customer provided keys must provide an appropriate secret key.");
    }
    if (md5 == null) {
      throw S3Error.INVALID_ARGUMENT.exception(
          "Requests specifying Server Side Encryption with Customer provided keys must provide the client calculated MD5 of the secret key.");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(key.trim());
    } catch (IllegalArgumentException e) {
      raw = null;
    }
    if (raw == null || raw.length != 32) {
      throw S3Error.INVALID_ARGUMENT.exception(
          "The secret key was invalid for the specified algorithm.");
    }
    byte[] expected = md5(raw);
    byte[] given;
    try {
      given = Base64.getDecoder().decode(md5.trim());
    } catch (IllegalArgumentException e) {
      given = new byte[0];
    }
    if (!MessageDigest.isEqual(expected, given)) {
      Arrays.fill(raw, (byte) 0);
      throw S3Error.INVALID_ARGUMENT.exception(
          "The calculated MD5 hash of the key did not match the hash that was provided.");
    }
    return new SseRequest(
        SseMode.SSE_C, null, null, raw, Base64.getEncoder().encodeToString(expected));
  }

  private static String kmsKeyId(String keyId) throws S3Exception {
    if (keyId == null) {
      return null;
    }
    if (!keyId.equals(keyId.strip())) {
      throw S3Error.INVALID_REQUEST.exception("KMS key id must not have leading or trailing spaces");
    }
    String id = keyId.startsWith(KMS_ARN_PREFIX) ? keyId.substring(KMS_ARN_PREFIX.length()) : keyId;
    if (id.isEmpty()) {
      throw S3Error.INVALID_ARGUMENT.exception("KMS key id must not be empty");
    }
    return id;
  }

  /** base64 of a JSON object of string pairs → canonical JSON (keys sorted, no whitespace). */
  static String canonicalContext(String base64) throws S3Exception {
    if (base64 == null) {
      return null;
    }
    JsonNode node;
    try {
      node = JSON.readTree(new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | JsonProcessingException e) {
      throw S3Error.INVALID_ARGUMENT.exception(
          "x-amz-server-side-encryption-context must be base64 of a JSON object of strings");
    }
    if (node == null || !node.isObject()) {
      throw S3Error.INVALID_ARGUMENT.exception(
          "x-amz-server-side-encryption-context must be base64 of a JSON object of strings");
    }
    Map<String, String> sorted = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getValue().isTextual()) {
        throw S3Error.INVALID_ARGUMENT.exception(
            "x-amz-server-side-encryption-context values must be strings");
      }
      if (e.getKey().startsWith("sealstream:")) {
        throw S3Error.INVALID_ARGUMENT.exception(
            "x-amz-server-side-encryption-context keys may not start with 'sealstream:'");
      }
      sorted.put(e.getKey(), e.getValue().textValue());
    }
    try {
      return JSON.writeValueAsString(sorted);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a map of strings", e);
    }
  }

  static byte[] md5(byte[] data) {
    try {
      return MessageDigest.getInstance("MD5").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from this JVM", e);
    }
  }

  public SseMode mode() {
    return mode;
  }

  /** SSE-KMS key id as given, {@code arn:aws:kms:} stripped; null = the default key. */
  public String kmsKeyId() {
    return kmsKeyId;
  }

  /** SSE-KMS client context as canonical JSON, or null. */
  public String kmsContext() {
    return kmsContext;
  }

  /** SSE-C: a copy of the 32-byte customer key (the caller clears it); null otherwise. */
  public byte[] customerKey() {
    return customerKey == null ? null : customerKey.clone();
  }

  /** SSE-C: base64 MD5 of the customer key, echoed in responses. */
  public String customerKeyMd5() {
    return customerKeyMd5;
  }

  /** Clears the customer key held here. */
  public void destroy() {
    if (customerKey != null) {
      Arrays.fill(customerKey, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "SseRequest[" + mode + (kmsKeyId == null ? "" : ", key " + kmsKeyId)
        + (customerKey == null ? "" : ", customer key hidden") + "]";
  }
}
