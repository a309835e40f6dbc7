package io.sealstream.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decodes an {@code aws-chunked} request body ({@code Content-Encoding: aws-chunked}) into its
 * payload while it streams, verifying each chunk's signature when the chunk ends. Memory is one
 * 16 KiB read buffer, whatever the chunk size.
 *
 * <p>Wire format: chunks {@code hex-size[;chunk-signature=<sig>]\r\n<data>\r\n}, a final chunk
 * of size 0 (signed like the others), then either {@code \r\n} or trailer lines {@code
 * name:value\r\n} (with {@code x-amz-trailer-signature:<sig>} last when signed) and {@code \r\n}.
 *
 * <p>{@link #read} delivers exactly {@code decodedLength} payload bytes and then -1, without
 * reading the final chunk: {@link #finish} reads it and the trailers, checks their signatures
 * and that nothing follows, so the caller decides when the end is verified (before the last
 * chunk of an upload is published).
 *
 * <p>Errors: a frame that does not parse, a body shorter or longer than {@code
 * x-amz-decoded-content-length}, or bytes after the end are 400 IncompleteBody, which is what S3
 * answers for every malformed aws-chunked framing (and what a stream that stops early turns into
 * anyway). A bad chunk or trailer signature is 403 SignatureDoesNotMatch; it is remembered and
 * thrown by {@link #finish} while reading goes on, because {@link #read} can only fail with an
 * IOException, which callers report as IncompleteBody. A broken trailer is 400
 * MalformedTrailerError. Not thread-safe.
 */
final class AwsChunkedDecoder extends BlockInputStream {
  /** The {@code x-amz-content-sha256} values that announce an aws-chunked body. */
  enum Variant {
    SIGNED("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", true, false),
    SIGNED_WITH_TRAILER("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", true, true),
    UNSIGNED_WITH_TRAILER("STREAMING-UNSIGNED-PAYLOAD-TRAILER", false, true);

    private final String contentSha256;
    private final boolean signed;
    private final boolean trailer;

    Variant(String contentSha256, boolean signed, boolean trailer) {
      this.contentSha256 = contentSha256;
      this.signed = signed;
      this.trailer = trailer;
    }

    /** The variant an {@code x-amz-content-sha256} value names, or null. */
    static Variant of(String contentSha256) {
      for (Variant v : values()) {
        if (v.contentSha256.equals(contentSha256)) {
          return v;
        }
      }
      return null;
    }

    boolean signed() {
      return signed;
    }

    boolean trailer() {
      return trailer;
    }
  }

  static final String TRAILER_SIGNATURE = "x-amz-trailer-signature";
  private static final String SIGNATURE_EXTENSION = ";chunk-signature=";
  /** A chunk header is at most ~100 bytes; trailer lines are short checksum headers. */
  private static final int MAX_LINE = 4096;
  private static final int MAX_TRAILERS = 8;
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] EMPTY_SHA256 = HEX.parseHex(ChunkSigningContext.EMPTY_SHA256);

  private final InputStream raw;
  private final long decodedLength;
  private final Variant variant;
  private final ChunkSigningContext signing;
  private final MessageDigest chunkSha256;
  private final byte[] buffer = new byte[16 * 1024];
  private int pos;
  private int limit;

  private long delivered;
  private long chunkRemaining;
  private byte[] chunkSignature;
  private byte[] previousSignature;
  /** The first failure; a signature failure is thrown at {@link #finish}. */
  private S3Exception failure;
  /** The framing broke: nothing more can be read. */
  private boolean broken;
  private Map<String, String> trailers;

  /**
   * @param decodedLength the payload length ({@code x-amz-decoded-content-length})
   * @param signing what signed chunks are verified with; null when they are not verified
   *     (unsigned variant, or authentication switched off)
   */
  AwsChunkedDecoder(InputStream raw, long decodedLength, Variant variant, ChunkSigningContext signing) {
    if (decodedLength < 0) {
      throw new IllegalArgumentException("negative decoded length");
    }
    if (signing != null && !variant.signed()) {
      throw new IllegalArgumentException(variant + " chunks carry no signatures");
    }
    this.raw = raw;
    this.decodedLength = decodedLength;
    this.variant = variant;
    this.signing = signing;
    this.chunkSha256 = signing == null ? null : sha256();
    this.previousSignature = signing == null ? null : signing.seedSignature();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (broken) {
      throw new IOException("the aws-chunked body is malformed");
    }
    if (len == 0) {
      return 0;
    }
    try {
      while (chunkRemaining == 0) {
        if (delivered == decodedLength) {
          return -1;
        }
        startChunk();
      }
      int n = readData(b, off, (int) Math.min(len, chunkRemaining));
      if (n < 0) {
        throw incomplete("The request body terminated unexpectedly");
      }
      if (chunkSha256 != null) {
        chunkSha256.update(b, off, n);
      }
      chunkRemaining -= n;
      delivered += n;
      if (chunkRemaining == 0) {
        expectLineEnd();
        if (signing != null) {
          verifyChunk(chunkSha256.digest());
        }
      }
      return n;
    } catch (S3Exception e) {
      broken = true;
      if (failure == null) {
        failure = e;
      }
      throw new IOException("the aws-chunked body is malformed: " + e.error().code());
    }
  }

  /**
   * Reads the final chunk and the trailers after the last payload byte was read, and verifies
   * every signature not yet verified. Idempotent once it succeeded.
   *
   * @return the trailer headers by lower-case name (without the trailer signature); empty for
   *     the variant without trailers
   * @throws S3Exception IncompleteBody, SignatureDoesNotMatch, MalformedTrailerError
   */
  Map<String, String> finish() throws S3Exception {
    if (trailers != null) {
      return trailers;
    }
    if (failure != null) {
      throw failure;
    }
    if (delivered != decodedLength) {
      throw incomplete("The request body terminated unexpectedly");
    }
    try {
      if (chunkRemaining != 0) {
        throw incomplete("The request body terminated unexpectedly");
      }
      long size = parseChunkHeader(readLine());
      if (size != 0) {
        throw incomplete("The body holds more data than x-amz-decoded-content-length declares");
      }
      if (signing != null) {
        verifyChunk(EMPTY_SHA256);
        if (failure != null) {
          throw failure;
        }
      }
      Map<String, String> read = variant.trailer() ? readTrailers() : Map.of();
      if (!variant.trailer() && !readLine().isEmpty()) {
        throw incomplete("The final chunk must end with an empty line");
      }
      if (nextByte() >= 0) {
        throw incomplete("The body holds data after the final chunk");
      }
      trailers = read;
      return trailers;
    } catch (IOException e) {
      throw incomplete("The request body terminated unexpectedly");
    }
  }

  @Override
  public void close() throws IOException {
    raw.close();
  }

  // ------------------------------------------------------------ chunks

  private void startChunk() throws S3Exception, IOException {
    long size = parseChunkHeader(readLine());
    if (size == 0) {
      // The final chunk came before x-amz-decoded-content-length bytes did.
      throw incomplete("The request body terminated unexpectedly");
    }
    if (size > decodedLength - delivered) {
      throw incomplete("The body holds more data than x-amz-decoded-content-length declares");
    }
    chunkRemaining = size;
  }

  /** Parses {@code hex-size[;chunk-signature=<hex>]}; remembers the signature for the chunk. */
  private long parseChunkHeader(String line) throws S3Exception {
    String size = line;
    chunkSignature = null;
    if (variant.signed()) {
      int ext = line.indexOf(SIGNATURE_EXTENSION);
      if (ext < 0) {
        throw incomplete("A chunk of a signed aws-chunked body has no chunk-signature");
      }
      size = line.substring(0, ext);
      chunkSignature = parseSignature(line.substring(ext + SIGNATURE_EXTENSION.length()));
    }
    // 15 hex digits are far more than any body; more could overflow a long.
    if (size.isEmpty() || size.length() > 15) {
      throw incomplete("A chunk size is malformed");
    }
    for (int i = 0; i < size.length(); i++) {
      if (Character.digit(size.charAt(i), 16) < 0) {
        throw incomplete("A chunk size is malformed");
      }
    }
    return Long.parseLong(size, 16);
  }

  /** The chunk's signature must be the one chained on the previous signature. */
  private void verifyChunk(byte[] chunkHash) {
    byte[] expected = signing.chunkSignature(previousSignature, chunkHash);
    // Constant-time: a mismatch must not tell how much of the signature was right.
    if (chunkSignature == null || !MessageDigest.isEqual(expected, chunkSignature)) {
      rememberSignatureFailure();
    }
    previousSignature = chunkSignature == null ? expected : chunkSignature;
  }

  private void rememberSignatureFailure() {
    if (failure == null) {
      failure = S3Error.SIGNATURE_DOES_NOT_MATCH.exception();
    }
  }

  /**
   * 64 lower-case hex digits (as SigV4 writes them: an altered byte must not pass as the same
   * value), or null, which never verifies.
   */
  private static byte[] parseSignature(String hex) {
    if (hex.length() != 64) {
      return null;
    }
    for (int i = 0; i < 64; i++) {
      char c = hex.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return null;
      }
    }
    return HEX.parseHex(hex);
  }

  // ------------------------------------------------------------ trailers

  private Map<String, String> readTrailers() throws S3Exception, IOException {
    Map<String, String> read = new TreeMap<>();
    byte[] signature = null;
    boolean signatureSeen = false;
    for (int count = 0; ; count++) {
      String line = readLine();
      if (line.isEmpty()) {
        break;
      }
      if (count >= MAX_TRAILERS || signatureSeen) {
        throw S3Error.MALFORMED_TRAILER.exception();
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw S3Error.MALFORMED_TRAILER.exception();
      }
      String name = trimSpaces(line.substring(0, colon)).toLowerCase(Locale.ROOT);
      String value = trimSpaces(line.substring(colon + 1));
      if (name.equals(TRAILER_SIGNATURE)) {
        if (!variant.signed()) {
          throw S3Error.MALFORMED_TRAILER.exception();
        }
        signatureSeen = true;
        signature = parseSignature(value);
      } else if (read.putIfAbsent(name, value) != null) {
        throw S3Error.MALFORMED_TRAILER.exception();
      }
    }
    if (variant.signed()) {
      if (!signatureSeen) {
        throw S3Error.SIGNATURE_DOES_NOT_MATCH.exception("The trailer carries no x-amz-trailer-signature");
      }
      if (signing != null) {
        // Canonical trailer headers: sorted by name, "name:value\n" each.
        StringBuilder canonical = new StringBuilder();
        read.forEach((n, v) -> canonical.append(n).append(':').append(v).append('\n'));
        byte[] expected = signing.trailerSignature(
            previousSignature, sha256().digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        if (signature == null || !MessageDigest.isEqual(expected, signature)) {
          throw S3Error.SIGNATURE_DOES_NOT_MATCH.exception();
        }
      }
    }
    return Collections.unmodifiableMap(read);
  }

  /**
   * Removes the spaces and tabs HTTP allows around a field value, and nothing else (String.strip
   * would also drop control characters that Java counts as white space).
   */
  static String trimSpaces(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && (s.charAt(start) == ' ' || s.charAt(start) == '\t')) {
      start++;
    }
    while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
      end--;
    }
    return s.substring(start, end);
  }

  // ------------------------------------------------------------ raw bytes

  /** A line ending in CRLF, without it; a bare LF, an early end or an overlong line is malformed. */
  private String readLine() throws S3Exception, IOException {
    StringBuilder line = new StringBuilder(96);
    while (true) {
      int c = nextByte();
      if (c < 0) {
        throw incomplete("The request body terminated unexpectedly");
      }
      if (c == '\r') {
        if (nextByte() != '\n') {
          throw incomplete("A chunk line does not end with CRLF");
        }
        return line.toString();
      }
      if (c == '\n' || line.length() >= MAX_LINE) {
        throw incomplete("A chunk line is malformed");
      }
      line.append((char) c);
    }
  }

  private void expectLineEnd() throws S3Exception, IOException {
    if (nextByte() != '\r' || nextByte() != '\n') {
      throw incomplete("A chunk's data does not end with CRLF where its size says");
    }
  }

  private int nextByte() throws IOException {
    if (pos == limit) {
      int n = raw.read(buffer, 0, buffer.length);
      if (n <= 0) {
        return -1;
      }
      pos = 0;
      limit = n;
    }
    return buffer[pos++] & 0xff;
  }

  /** Payload bytes: first what the line reader buffered, then straight from the stream. */
  private int readData(byte[] b, int off, int len) throws IOException {
    if (pos < limit) {
      int n = Math.min(len, limit - pos);
      System.arraycopy(buffer, pos, b, off, n);
      pos += n;
      return n;
    }
    return raw.read(b, off, len);
  }

  private static S3Exception incomplete(String message) {
    return S3Error.INCOMPLETE_BODY.exception(message);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
