package io.sealstream.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The payload of a request as a handler reads it: exactly {@link #length} bytes, with the
 * payload hash the client signed ({@code x-amz-content-sha256}) checked at the end.
 *
 * <p>A handler reads {@link #length} bytes, then calls {@link #verifyEnd} before it acts on the
 * last of them (for a PUT: before it sends the last chunk), so a body that does not match what
 * was signed never becomes an object. Not thread-safe.
 */
final class RequestBody extends InputStream {
  private static final HexFormat HEX = HexFormat.of();
  static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

  private final InputStream in;
  private final long length;
  private final MessageDigest sha256;
  private final byte[] expectedSha256;
  private long read;

  private RequestBody(InputStream in, long length, byte[] expectedSha256) {
    this.in = in;
    this.length = length;
    this.expectedSha256 = expectedSha256;
    this.sha256 = expectedSha256 == null ? null : sha256();
  }

  /**
   * The body of a request framed by Content-Length.
   *
   * @param contentSha256 the {@code x-amz-content-sha256} header: a hex SHA-256 (verified),
   *     {@code UNSIGNED-PAYLOAD} or null (not verified)
   */
  static RequestBody of(InputStream in, long length, String contentSha256) throws S3Exception {
    return new RequestBody(in, length, expectedSha256(contentSha256));
  }

  /** The payload length the client declared (after any transfer framing is removed). */
  long length() {
    return length;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (read >= length) {
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, length - read));
    if (n > 0) {
      read += n;
      if (sha256 != null) {
        sha256.update(b, off, n);
      }
    }
    return n;
  }

  /**
   * Confirms that every declared byte arrived and that the payload is what the client signed.
   *
   * @throws S3Exception IncompleteBody, or XAmzContentSHA256Mismatch
   */
  void verifyEnd() throws S3Exception {
    if (read != length) {
      throw S3Error.INCOMPLETE_BODY.exception();
    }
    if (sha256 != null && !MessageDigest.isEqual(sha256.digest(), expectedSha256)) {
      throw S3Error.CONTENT_SHA256_MISMATCH.exception();
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private static byte[] expectedSha256(String header) throws S3Exception {
    if (header == null || header.equals(UNSIGNED_PAYLOAD)) {
      return null;
    }
    if (header.length() == 64) {
      try {
        return HEX.parseHex(header.toLowerCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        // fall through to the error
      }
    }
    throw S3Error.INVALID_ARGUMENT.exception(
        "x-amz-content-sha256 must be UNSIGNED-PAYLOAD or a hex SHA-256");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
