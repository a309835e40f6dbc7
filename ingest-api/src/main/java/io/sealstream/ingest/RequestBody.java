package io.sealstream.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The payload of a request as a handler reads it: exactly {@link #length} bytes, decoded from
 * aws-chunked framing when the client used it, with everything the client signed or declared
 * checked at the end: the hex {@code x-amz-content-sha256}, the chunk and trailer signatures,
 * and an {@code x-amz-checksum-<alg>} header or trailer.
 *
 * <p>A handler reads {@link #length} bytes, then calls {@link #verifyEnd} before it acts on the
 * last of them (for a PUT: before it sends the last chunk), so a body that does not match what
 * was signed never becomes an object. Not thread-safe.
 */
final class RequestBody extends BlockInputStream {
  private static final HexFormat HEX = HexFormat.of();
  static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
  static final String CONTENT_SHA256 = "x-amz-content-sha256";
  static final String DECODED_LENGTH = "x-amz-decoded-content-length";
  static final String TRAILER = "x-amz-trailer";
  private static final String STREAMING_PREFIX = "STREAMING-";

  private final InputStream source;
  /** The aws-chunked decoder {@link #source} is, or null for a plain body. */
  private final AwsChunkedDecoder chunked;
  private final long length;
  private final MessageDigest sha256;
  private final byte[] expectedSha256;
  /** The checksum sent as a header, or null. */
  private final ChecksumValue headerChecksum;
  /** The checksum the trailer must carry, or null. */
  private final ChecksumAlgorithm trailerChecksum;
  private final ChecksumAlgorithm.Digest checksum;
  private long read;
  private boolean ended;
  private ChecksumValue verified;

  private RequestBody(
      InputStream source, AwsChunkedDecoder chunked, long length, byte[] expectedSha256,
      ChecksumValue headerChecksum, ChecksumAlgorithm trailerChecksum) {
    this.source = source;
    this.chunked = chunked;
    this.length = length;
    this.expectedSha256 = expectedSha256;
    this.sha256 = expectedSha256 == null ? null : sha256();
    this.headerChecksum = headerChecksum;
    this.trailerChecksum = trailerChecksum;
    ChecksumAlgorithm algorithm =
        headerChecksum != null ? headerChecksum.algorithm() : trailerChecksum;
    this.checksum = algorithm == null ? null : algorithm.start();
  }

  /**
   * The body of a request framed by Content-Length, without checksum headers.
   *
   * @param contentSha256 the {@code x-amz-content-sha256} header: a hex SHA-256 (verified),
   *     {@code UNSIGNED-PAYLOAD} or null (not verified)
   */
  static RequestBody of(InputStream in, long length, String contentSha256) throws S3Exception {
    return new RequestBody(in, null, length, expectedSha256(contentSha256), null, null);
  }

  /**
   * The body of a request as its headers describe it: plain (Content-Length) or aws-chunked
   * ({@code x-amz-content-sha256: STREAMING-*}, length {@code x-amz-decoded-content-length}),
   * with an optional {@code x-amz-checksum-<alg>} header or trailer.
   *
   * @param header a request header by name (case-insensitive), or null
   * @param chunkSigning what signed chunks are verified with (from the header signature); null
   *     when the request was not signed in the header form
   * @param authenticationOff true only when the server checks no signatures at all; then signed
   *     chunks are decoded without verifying them
   * @throws S3Exception MissingContentLength, InvalidArgument, InvalidRequest, NotImplemented
   */
  static RequestBody open(
      InputStream raw, Function<String, String> header, ChunkSigningContext chunkSigning,
      boolean authenticationOff) throws S3Exception {
    String contentSha256 = header.apply(CONTENT_SHA256);
    ChecksumValue headerChecksum = headerChecksum(header);
    if (contentSha256 != null && contentSha256.startsWith(STREAMING_PREFIX)) {
      AwsChunkedDecoder.Variant variant = AwsChunkedDecoder.Variant.of(contentSha256);
      if (variant == null) {
        // e.g. SigV4a's STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD
        throw S3Error.NOT_IMPLEMENTED.exception("This x-amz-content-sha256 streaming payload type is not supported");
      }
      long decoded = decodedLength(header);
      if (decoded < 0) {
        throw S3Error.MISSING_CONTENT_LENGTH.exception(
            "aws-chunked uploads must declare x-amz-decoded-content-length");
      }
      if (variant.signed() && chunkSigning == null && !authenticationOff) {
        // A presigned URL has no seed signature to chain the chunk signatures on.
        throw S3Error.INVALID_REQUEST.exception(
            "Signed aws-chunked payloads need the Authorization header form of SigV4");
      }
      ChecksumAlgorithm trailer = declaredTrailer(header.apply(TRAILER), variant);
      if (trailer != null && headerChecksum != null) {
        throw multipleChecksums();
      }
      AwsChunkedDecoder decoder = new AwsChunkedDecoder(
          raw, decoded, variant, variant.signed() && !authenticationOff ? chunkSigning : null);
      return new RequestBody(decoder, decoder, decoded, null, headerChecksum, trailer);
    }
    String encoding = header.apply("Content-Encoding");
    if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("aws-chunked")) {
      throw S3Error.INVALID_ARGUMENT.exception(
          "Content-Encoding aws-chunked needs x-amz-content-sha256 STREAMING-*");
    }
    if (header.apply(TRAILER) != null) {
      throw S3Error.INVALID_REQUEST.exception(
          "x-amz-trailer needs an aws-chunked body with a STREAMING-*-TRAILER payload");
    }
    long length = contentLength(header);
    if (length < 0) {
      if (header.apply("Transfer-Encoding") != null) {
        throw S3Error.MISSING_CONTENT_LENGTH.exception();
      }
      length = 0;
    }
    return new RequestBody(raw, null, length, expectedSha256(contentSha256), headerChecksum, null);
  }

  /**
   * The payload length the request declares: {@code x-amz-decoded-content-length} for aws-chunked
   * bodies, else Content-Length; -1 when not given or not a number.
   */
  static long declaredLength(Function<String, String> header) {
    String contentSha256 = header.apply(CONTENT_SHA256);
    return contentSha256 != null && contentSha256.startsWith(STREAMING_PREFIX)
        ? decodedLength(header) : contentLength(header);
  }

  /** The payload length the client declared (after any transfer framing is removed). */
  long length() {
    return length;
  }

  /** The checksum that {@link #verifyEnd} verified, or null (none sent, or not verified yet). */
  ChecksumValue verifiedChecksum() {
    return verified;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (read >= length) {
      return -1;
    }
    int n = source.read(b, off, (int) Math.min(len, length - read));
    if (n > 0) {
      read += n;
      if (sha256 != null) {
        sha256.update(b, off, n);
      }
      if (checksum != null) {
        checksum.update(b, off, n);
      }
    }
    return n;
  }

  /**
   * Confirms that every declared byte arrived and that the payload is what the client signed
   * and declared: reads and verifies the rest of an aws-chunked body (final chunk, trailers),
   * then the checksum.
   *
   * @throws S3Exception IncompleteBody, XAmzContentSHA256Mismatch, SignatureDoesNotMatch,
   *     MalformedTrailerError, InvalidRequest (a malformed checksum), BadDigest
   */
  void verifyEnd() throws S3Exception {
    if (ended) {
      return;
    }
    if (read != length) {
      throw S3Error.INCOMPLETE_BODY.exception();
    }
    if (sha256 != null && !MessageDigest.isEqual(sha256.digest(), expectedSha256)) {
      throw S3Error.CONTENT_SHA256_MISMATCH.exception();
    }
    ChecksumValue expected = headerChecksum;
    if (chunked != null) {
      Map<String, String> trailers = chunked.finish();
      Set<String> declared = trailerChecksum == null ? Set.of() : Set.of(trailerChecksum.header());
      if (!trailers.keySet().equals(declared)) {
        // A trailer that x-amz-trailer did not announce, or an announced one missing.
        throw S3Error.MALFORMED_TRAILER.exception();
      }
      if (trailerChecksum != null) {
        expected = ChecksumValue.parse(trailerChecksum, trailers.get(trailerChecksum.header()));
      }
    }
    if (expected != null) {
      if (!expected.matches(checksum.finish())) {
        throw expected.mismatch();
      }
      verified = expected;
    }
    ended = true;
  }

  @Override
  public void close() throws IOException {
    source.close();
  }

  // ------------------------------------------------------------ headers

  /** The one {@code x-amz-checksum-<alg>} header, or null. */
  private static ChecksumValue headerChecksum(Function<String, String> header) throws S3Exception {
    ChecksumValue found = null;
    for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
      String value = header.apply(a.header());
      if (value != null) {
        if (found != null) {
          throw multipleChecksums();
        }
        found = ChecksumValue.parse(a, AwsChunkedDecoder.trimSpaces(value));
      }
    }
    return found;
  }

  /** The checksum {@code x-amz-trailer} announces (null when none); only checksums are known. */
  private static ChecksumAlgorithm declaredTrailer(String names, AwsChunkedDecoder.Variant variant)
      throws S3Exception {
    if (names == null || names.isBlank()) {
      return null;
    }
    if (!variant.trailer()) {
      throw S3Error.INVALID_REQUEST.exception(
          "x-amz-trailer needs an aws-chunked body with a STREAMING-*-TRAILER payload");
    }
    ChecksumAlgorithm found = null;
    for (String name : names.split(",")) {
      ChecksumAlgorithm a = ChecksumAlgorithm.ofHeader(name);
      if (a == null) {
        throw S3Error.INVALID_REQUEST.exception("The value specified in the x-amz-trailer header is not supported");
      }
      if (found != null) {
        throw multipleChecksums();
      }
      found = a;
    }
    return found;
  }

  private static S3Exception multipleChecksums() {
    return S3Error.INVALID_REQUEST.exception(
        "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
  }

  private static long decodedLength(Function<String, String> header) {
    return parseLength(header.apply(DECODED_LENGTH));
  }

  private static long contentLength(Function<String, String> header) {
    return parseLength(header.apply("Content-Length"));
  }

  private static long parseLength(String value) {
    if (value == null) {
      return -1;
    }
    try {
      long n = Long.parseLong(value.strip());
      return n < 0 ? -1 : n;
    } catch (NumberFormatException e) {
      return -1;
    }
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
        "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-*, or a hex SHA-256");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
