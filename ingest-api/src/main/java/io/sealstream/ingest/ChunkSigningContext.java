package io.sealstream.ingest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a signed aws-chunked body is verified with, handed from {@link SigV4Verifier} (which
 * checked the request's header signature) to {@link AwsChunkedDecoder}: the seed signature (the
 * header's), the signing key, the request timestamp and the credential scope. Each chunk's
 * signature chains on the previous one, starting from the seed, so chunks cannot be dropped,
 * reordered or moved between requests.
 *
 * <p>Holds key material: immutable (arrays copied in and out), {@link #toString} names the scope
 * only, and nothing here is ever logged or put in a message.
 */
final class ChunkSigningContext {
  static final String CHUNK_ALGORITHM = "AWS4-HMAC-SHA256-PAYLOAD";
  static final String TRAILER_ALGORITHM = "AWS4-HMAC-SHA256-TRAILER";
  /** SHA-256 of the empty string: the "previous headers" hash of every chunk string to sign. */
  static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{8}T[0-9]{6}Z");
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] seedSignature;
  private final byte[] signingKey;
  private final String timestamp;
  private final String scope;

  /**
   * @param seedSignature the 32-byte signature of the request (its {@code Authorization} header)
   * @param signingKey the 32-byte SigV4 signing key of the request's scope
   * @param timestamp the request time as signed, {@code yyyyMMdd'T'HHmmss'Z'}
   * @param scope {@code date/region/s3/aws4_request}
   */
  ChunkSigningContext(byte[] seedSignature, byte[] signingKey, String timestamp, String scope) {
    if (seedSignature.length != 32 || signingKey.length != 32) {
      throw new IllegalArgumentException("seed signature and signing key must be 32 bytes");
    }
    if (!TIMESTAMP.matcher(Objects.requireNonNull(timestamp, "timestamp")).matches()) {
      throw new IllegalArgumentException("timestamp must be yyyyMMdd'T'HHmmss'Z'");
    }
    if (Objects.requireNonNull(scope, "scope").split("/", -1).length != 4) {
      throw new IllegalArgumentException("scope must be date/region/service/aws4_request");
    }
    this.seedSignature = seedSignature.clone();
    this.signingKey = signingKey.clone();
    this.timestamp = timestamp;
    this.scope = scope;
  }

  /** The signature the first chunk's signature chains on. */
  byte[] seedSignature() {
    return seedSignature.clone();
  }

  /** The signature a chunk must carry, given the previous signature and the chunk's SHA-256. */
  byte[] chunkSignature(byte[] previousSignature, byte[] chunkSha256) {
    return sign(CHUNK_ALGORITHM + "\n" + timestamp + "\n" + scope + "\n" + HEX.formatHex(previousSignature)
        + "\n" + EMPTY_SHA256 + "\n" + HEX.formatHex(chunkSha256));
  }

  /**
   * The signature the trailer must carry, given the final chunk's signature and the SHA-256 of
   * the trailer headers as canonicalised ({@code name:value\n} each).
   */
  byte[] trailerSignature(byte[] previousSignature, byte[] trailerSha256) {
    return sign(TRAILER_ALGORITHM + "\n" + timestamp + "\n" + scope + "\n"
        + HEX.formatHex(previousSignature) + "\n" + HEX.formatHex(trailerSha256));
  }

  private byte[] sign(String stringToSign) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
      return mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "ChunkSigningContext[scope=" + scope + ", key and signatures hidden]";
  }
}
