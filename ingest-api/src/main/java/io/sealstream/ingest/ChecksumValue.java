package io.sealstream.ingest;

import java.util.Base64;
import java.util.Objects;

/**
 * A checksum of the payload as the client sent it ({@code x-amz-checksum-<alg>: <base64>}),
 * validated where made: the value decodes to exactly the algorithm's digest length. Immutable.
 */
final class ChecksumValue {
  private final ChecksumAlgorithm algorithm;
  private final byte[] value;

  private ChecksumValue(ChecksumAlgorithm algorithm, byte[] value) {
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    if (value.length != algorithm.length()) {
      throw new IllegalArgumentException(algorithm + " checksum must be " + algorithm.length() + " bytes");
    }
    this.value = value.clone();
  }

  static ChecksumValue of(ChecksumAlgorithm algorithm, byte[] value) {
    return new ChecksumValue(algorithm, value);
  }

  /**
   * Parses the base64 value of a header or trailer.
   *
   * <p>Only the canonical encoding is accepted (padding present, unused bits zero): the JDK
   * decoder also takes variants that decode to the same bytes, and an altered value must not
   * pass as the same checksum.
   *
   * @param base64 the value, already stripped of surrounding spaces and tabs
   * @throws S3Exception InvalidRequest when it is not base64 of the algorithm's digest length
   *     (S3's answer to a malformed checksum header)
   */
  static ChecksumValue parse(ChecksumAlgorithm algorithm, String base64) throws S3Exception {
    try {
      byte[] v = Base64.getDecoder().decode(base64);
      if (v.length == algorithm.length() && Base64.getEncoder().encodeToString(v).equals(base64)) {
        return new ChecksumValue(algorithm, v);
      }
    } catch (IllegalArgumentException e) {
      // fall through to the error
    }
    throw S3Error.INVALID_REQUEST.exception("Value for " + algorithm.header() + " header is invalid.");
  }

  ChecksumAlgorithm algorithm() {
    return algorithm;
  }

  /** Whether {@code computed} is this value (constant time: it may be a hash). */
  boolean matches(byte[] computed) {
    return java.security.MessageDigest.isEqual(value, computed);
  }

  String base64() {
    return Base64.getEncoder().encodeToString(value);
  }

  /** The S3 error for a payload whose checksum is not this one. */
  S3Exception mismatch() {
    return S3Error.BAD_DIGEST.exception(
        "The " + algorithm.displayName() + " you specified did not match the calculated checksum.");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChecksumValue c && c.algorithm == algorithm
        && java.util.Arrays.equals(c.value, value);
  }

  @Override
  public int hashCode() {
    return algorithm.hashCode() * 31 + java.util.Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return algorithm.header() + ":" + base64();
  }
}
