package io.sealstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.checksums.spi.ChecksumAlgorithm;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * aws-chunked bodies through {@link RequestBody} as the PUT handler reads them: AWS's published
 * vectors, bodies the AWS SDK's own signer encodes (each checksum, signed and unsigned), and a
 * tamper suite where each change gets its S3 error.
 */
class AwsChunkedBodyTest {
  private static final String DOC_KEY = "AKIAIOSFODNN7EXAMPLE";
  private static final String DOC_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final Instant DOC_TIME = Instant.parse("2013-05-24T00:00:00Z");
  private static final HexFormat HEX = HexFormat.of();

  // "Signature Calculations for the Authorization Header: Transferring Payload in Multiple Chunks"
  private static final String SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
  private static final String CHUNK1 = "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648";
  private static final String CHUNK2 = "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497";
  private static final String FINAL = "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9";
  // "Signature calculations for trailing headers (chunked uploads)": same data, CRC32C trailer
  private static final String T_SEED = "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e";
  private static final String T_CHUNK1 = "b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2";
  private static final String T_CHUNK2 = "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7";
  private static final String T_FINAL = "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992";
  private static final String T_TRAILER = "d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435";

  private static final byte[] DOC_DATA = "a".repeat(66_560).getBytes(StandardCharsets.US_ASCII);

  private static byte[] docBody(String c1, String c2, String fin, String trailer) {
    String body = "10000;chunk-signature=" + c1 + "\r\n" + "a".repeat(65_536) + "\r\n"
        + "400;chunk-signature=" + c2 + "\r\n" + "a".repeat(1024) + "\r\n"
        + "0;chunk-signature=" + fin + "\r\n" + (trailer == null ? "" : trailer) + "\r\n";
    return body.getBytes(StandardCharsets.US_ASCII);
  }

  private static final byte[] DOC_BODY = docBody(CHUNK1, CHUNK2, FINAL, null);
  private static final byte[] DOC_TRAILER_BODY = docBody(T_CHUNK1, T_CHUNK2, T_FINAL,
      "x-amz-checksum-crc32c:sOO8/Q==\r\nx-amz-trailer-signature:" + T_TRAILER + "\r\n");

  private static ChunkSigningContext docContext(String seed) {
    return new ChunkSigningContext(HEX.parseHex(seed),
        SigV4Verifier.signingKey(DOC_SECRET, "20130524", "us-east-1"), "20130524T000000Z",
        "20130524/us-east-1/s3/aws4_request");
  }

  private static Map<String, String> docHeaders(String contentSha256, String trailer) {
    Map<String, String> h = new HashMap<>();
    h.put("content-encoding", "aws-chunked");
    h.put("x-amz-content-sha256", contentSha256);
    h.put("x-amz-decoded-content-length", "66560");
    if (trailer != null) {
      h.put("x-amz-trailer", trailer);
    }
    return h;
  }

  private static RequestBody open(byte[] raw, Map<String, String> headers, ChunkSigningContext signing)
      throws S3Exception {
    return RequestBody.open(new ByteArrayInputStream(raw), n -> headers.get(n.toLowerCase(Locale.ROOT)), signing,
        false);
  }

  /**
   * Reads the body the way {@link ChunkStreamer} does (1 MiB at a time, an early end or an
   * IOException is IncompleteBody) and verifies the end before the last chunk.
   */
  private static byte[] consume(RequestBody body) throws S3Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[1024 * 1024];
    long remaining = body.length();
    try (body) {
      do {
        int want = (int) Math.min(buffer.length, remaining);
        int n = body.readNBytes(buffer, 0, want);
        if (n < want) {
          throw S3Error.INCOMPLETE_BODY.exception();
        }
        out.write(buffer, 0, n);
        remaining -= n;
      } while (remaining > 0);
      body.verifyEnd();
    } catch (IOException e) {
      throw S3Error.INCOMPLETE_BODY.exception();
    }
    return out.toByteArray();
  }

  private static void assertError(byte[] raw, Map<String, String> headers, ChunkSigningContext signing, S3Error error) {
    assertThatThrownBy(() -> consume(open(raw, headers, signing)))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(error));
  }

  private static byte[] sha256(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }

  // ------------------------------------------------------------ AWS's published vectors

  @Test
  void awsDocVector_chunkSignatures_chainFromTheSeed() throws Exception {
    ChunkSigningContext ctx = docContext(SEED);
    byte[] first = ctx.chunkSignature(ctx.seedSignature(), sha256(Arrays.copyOf(DOC_DATA, 65_536)));
    byte[] second = ctx.chunkSignature(first, sha256(new byte[1024 + 0]).length == 32
        ? sha256(Arrays.copyOf(DOC_DATA, 1024)) : null);
    byte[] last = ctx.chunkSignature(second, sha256(new byte[0]));

    assertThat(HEX.formatHex(first)).isEqualTo(CHUNK1);
    assertThat(HEX.formatHex(second)).isEqualTo(CHUNK2);
    assertThat(HEX.formatHex(last)).isEqualTo(FINAL);
  }

  @Test
  void awsDocVector_signedBody_decodesToTheObject_afterTheHeaderVerifies() throws Exception {
    // the request of the example, verified by the header verifier, which hands over the seed
    Map<String, String> h = docHeaders("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", null);
    h.put("host", "s3.amazonaws.com");
    h.put("x-amz-date", "20130524T000000Z");
    h.put("x-amz-storage-class", "REDUCED_REDUNDANCY");
    h.put("content-length", "66824");
    h.put("authorization", "AWS4-HMAC-SHA256 Credential=" + DOC_KEY + "/20130524/us-east-1/s3/aws4_request,"
        + "SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;"
        + "x-amz-decoded-content-length;x-amz-storage-class,Signature=" + SEED);
    SigV4Verifier.Verified v = new SigV4Verifier(k -> Optional.of(DOC_SECRET), Clock.fixed(DOC_TIME, ZoneOffset.UTC))
        .verify("PUT", "/examplebucket/chunkObject.txt", null, h);
    assertThat(DOC_BODY.length).isEqualTo(66_824);

    RequestBody body = open(DOC_BODY, h, v.chunkSigning());

    assertThat(body.length()).isEqualTo(66_560);
    assertThat(consume(body)).isEqualTo(DOC_DATA);
    assertThat(body.verifiedChecksum()).isNull();
  }

  @Test
  void awsDocVector_signedTrailer_verifies_andTheCrc32cIsChecked() throws Exception {
    RequestBody body = open(DOC_TRAILER_BODY,
        docHeaders("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", "x-amz-checksum-crc32c"), docContext(T_SEED));

    assertThat(consume(body)).isEqualTo(DOC_DATA);
    assertThat(body.verifiedChecksum().toString()).isEqualTo("x-amz-checksum-crc32c:sOO8/Q==");
  }

  // ------------------------------------------------------------ tampering

  private static byte[] replace(byte[] body, String from, String to) {
    String s = new String(body, StandardCharsets.ISO_8859_1);
    assertThat(s).contains(from);
    return s.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to))
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  static Stream<Arguments> tamperedSignedBodies() {
    byte[] flippedData = DOC_BODY.clone();
    flippedData[100] ^= 1;
    byte[] flippedLastDataByte = DOC_BODY.clone();
    int lastData = new String(DOC_BODY, StandardCharsets.ISO_8859_1).indexOf("\r\n0;chunk-signature") - 1;
    flippedLastDataByte[lastData] ^= 1;
    return Stream.of(
        Arguments.of("a data byte", flippedData, S3Error.SIGNATURE_DOES_NOT_MATCH),
        Arguments.of("the last data byte", flippedLastDataByte, S3Error.SIGNATURE_DOES_NOT_MATCH),
        Arguments.of("a chunk size (smaller)", replace(DOC_BODY, "400;", "3ff;"), S3Error.INCOMPLETE_BODY),
        Arguments.of("a chunk size (larger)", replace(DOC_BODY, "10000;", "10001;"), S3Error.INCOMPLETE_BODY),
        Arguments.of("the final chunk's size", replace(DOC_BODY, "0;chunk-signature=" + FINAL,
            "1;chunk-signature=" + FINAL), S3Error.INCOMPLETE_BODY),
        Arguments.of("the first chunk signature", replace(DOC_BODY, CHUNK1, CHUNK1.replace('a', 'b')),
            S3Error.SIGNATURE_DOES_NOT_MATCH),
        Arguments.of("the final chunk signature", replace(DOC_BODY, FINAL, FINAL.replace('b', 'c')),
            S3Error.SIGNATURE_DOES_NOT_MATCH),
        Arguments.of("a signature that is not hex", replace(DOC_BODY, CHUNK2, "z".repeat(64)),
            S3Error.SIGNATURE_DOES_NOT_MATCH),
        Arguments.of("a missing chunk signature", replace(DOC_BODY, ";chunk-signature=" + CHUNK2, ""),
            S3Error.INCOMPLETE_BODY),
        Arguments.of("chunks swapped", swapChunks(), S3Error.SIGNATURE_DOES_NOT_MATCH),
        Arguments.of("the body truncated in data", Arrays.copyOf(DOC_BODY, 30_000), S3Error.INCOMPLETE_BODY),
        Arguments.of("the body truncated in the final chunk", Arrays.copyOf(DOC_BODY, DOC_BODY.length - 5),
            S3Error.INCOMPLETE_BODY),
        Arguments.of("the final chunk missing", Arrays.copyOf(DOC_BODY, DOC_BODY.length - 86),
            S3Error.INCOMPLETE_BODY),
        Arguments.of("bytes after the final chunk", concat(DOC_BODY, "x".getBytes(StandardCharsets.US_ASCII)),
            S3Error.INCOMPLETE_BODY),
        Arguments.of("a second final chunk", concat(DOC_BODY, ("0;chunk-signature=" + FINAL + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII)), S3Error.INCOMPLETE_BODY),
        Arguments.of("LF instead of CRLF", replace(DOC_BODY, CHUNK1 + "\r\n", CHUNK1 + "\n"), S3Error.INCOMPLETE_BODY));
  }

  private static byte[] swapChunks() {
    // the 1 KiB chunk first: the same bytes, so only the signature chain can tell
    String s = new String(DOC_BODY, StandardCharsets.ISO_8859_1);
    String c1 = "10000;chunk-signature=" + CHUNK1 + "\r\n" + "a".repeat(65_536) + "\r\n";
    String c2 = "400;chunk-signature=" + CHUNK2 + "\r\n" + "a".repeat(1024) + "\r\n";
    return (c2 + c1 + s.substring(c1.length() + c2.length())).getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tamperedSignedBodies")
  void tamperedSignedBody_isRefused(String what, byte[] raw, S3Error error) {
    assertError(raw, docHeaders("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", null), docContext(SEED), error);
  }

  @Test
  void theUntamperedBody_withAnotherSeed_isSignatureDoesNotMatch() {
    assertError(DOC_BODY, docHeaders("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", null), docContext(T_SEED),
        S3Error.SIGNATURE_DOES_NOT_MATCH);
  }

  @Test
  void declaredLengthOtherThanThePayload_isIncompleteBody() {
    for (String length : new String[] {"66559", "66561", "0"}) {
      Map<String, String> h = docHeaders("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", null);
      h.put("x-amz-decoded-content-length", length);
      assertError(DOC_BODY, h, docContext(SEED), S3Error.INCOMPLETE_BODY);
    }
  }

  static Stream<Arguments> tamperedTrailers() {
    return Stream.of(
        Arguments.of("the checksum value", replace(DOC_TRAILER_BODY, "sOO8/Q==", "tOO8/Q=="),
            S3Error.SIGNATURE_DOES_NOT_MATCH),
        Arguments.of("the trailer signature", replace(DOC_TRAILER_BODY, T_TRAILER, T_TRAILER.replace('d', 'e')),
            S3Error.SIGNATURE_DOES_NOT_MATCH),
        Arguments.of("the trailer signature removed",
            replace(DOC_TRAILER_BODY, "x-amz-trailer-signature:" + T_TRAILER + "\r\n", ""),
            S3Error.SIGNATURE_DOES_NOT_MATCH),
        Arguments.of("the trailer name", replace(DOC_TRAILER_BODY, "crc32c:", "crc32x:"),
            S3Error.SIGNATURE_DOES_NOT_MATCH),
        Arguments.of("a line without a colon", replace(DOC_TRAILER_BODY, "crc32c:", "crc32c "),
            S3Error.MALFORMED_TRAILER),
        Arguments.of("the end of the trailer truncated", Arrays.copyOf(DOC_TRAILER_BODY, DOC_TRAILER_BODY.length - 2),
            S3Error.INCOMPLETE_BODY),
        Arguments.of("bytes after the trailer", concat(DOC_TRAILER_BODY, new byte[] {'\r', '\n'}),
            S3Error.INCOMPLETE_BODY));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tamperedTrailers")
  void tamperedSignedTrailer_isRefused(String what, byte[] raw, S3Error error) {
    assertError(raw, docHeaders("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", "x-amz-checksum-crc32c"),
        docContext(T_SEED), error);
  }

  // ------------------------------------------------------------ unsigned chunks with a trailer

  private static byte[] unsignedBody(byte[] data, int chunk, String trailer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int off = 0; off < data.length; off += chunk) {
      int n = Math.min(chunk, data.length - off);
      out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(data, off, n);
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.writeBytes(("0\r\n" + trailer + "\r\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private static Map<String, String> unsignedHeaders(int length, String trailerName) {
    Map<String, String> h = new HashMap<>();
    h.put("content-encoding", "aws-chunked");
    h.put("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER");
    h.put("x-amz-decoded-content-length", Integer.toString(length));
    h.put("x-amz-trailer", trailerName);
    return h;
  }

  @Test
  void unsignedTrailer_crc32_verifies_andAMismatchIsBadDigest() throws Exception {
    byte[] data = "Hello, trailer!".repeat(1000).getBytes(StandardCharsets.US_ASCII);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(data);
    String good = Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    Map<String, String> h = unsignedHeaders(data.length, "x-amz-checksum-crc32");

    RequestBody body = open(unsignedBody(data, 4000, "x-amz-checksum-crc32:" + good + "\r\n"), h, null);
    assertThat(consume(body)).isEqualTo(data);
    assertThat(body.verifiedChecksum().base64()).isEqualTo(good);

    byte[] flipped = unsignedBody(data, 4000, "x-amz-checksum-crc32:" + good + "\r\n");
    flipped[10] ^= 1;
    assertThatThrownBy(() -> consume(open(flipped, h, null))).isInstanceOfSatisfying(S3Exception.class, e -> {
      assertThat(e.error()).isEqualTo(S3Error.BAD_DIGEST);
      assertThat(e.getMessage()).isEqualTo("The CRC32 you specified did not match the calculated checksum.");
    });
    assertError(unsignedBody(data, 4000, "x-amz-checksum-crc32:AAAA\r\n"), h, null, S3Error.INVALID_REQUEST);
    assertError(unsignedBody(data, 4000, ""), h, null, S3Error.MALFORMED_TRAILER);
    assertError(unsignedBody(data, 4000, "x-amz-checksum-crc32:" + good + "\r\nx-amz-meta-a:b\r\n"), h, null,
        S3Error.MALFORMED_TRAILER);
    assertError(unsignedBody(data, 4000, "x-amz-checksum-crc32:" + good + "\r\nx-amz-trailer-signature:"
        + "0".repeat(64) + "\r\n"), h, null, S3Error.MALFORMED_TRAILER);
    assertError(replace(unsignedBody(data, 4000, "x-amz-checksum-crc32:" + good + "\r\n"), "fa0\r\n", "fa0;x=y\r\n"),
        h, null, S3Error.INCOMPLETE_BODY);
  }

  @Test
  void emptyPayload_unsignedTrailer_verifies() throws Exception {
    RequestBody body = open(unsignedBody(new byte[0], 1, "x-amz-checksum-crc32:AAAAAA==\r\n"),
        unsignedHeaders(0, "x-amz-checksum-crc32"), null);
    assertThat(consume(body)).isEmpty();
    assertThat(body.verifiedChecksum().base64()).isEqualTo("AAAAAA==");
  }

  // ------------------------------------------------------------ headers that do not fit

  @Test
  void payloadHeadersThatDoNotFit_areRefusedBeforeAnyByteIsRead() {
    Map<String, String> noLength = docHeaders("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", null);
    noLength.remove("x-amz-decoded-content-length");
    assertOpenFails(noLength, docContext(SEED), S3Error.MISSING_CONTENT_LENGTH);
    // presigned (no seed signature) with signed chunks
    assertOpenFails(docHeaders("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", null), null, S3Error.INVALID_REQUEST);
    assertOpenFails(docHeaders("STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD", null), null, S3Error.NOT_IMPLEMENTED);
    assertOpenFails(docHeaders("STREAMING-UNSIGNED-PAYLOAD-TRAILER", "x-amz-checksum-md5"), null,
        S3Error.INVALID_REQUEST);
    assertOpenFails(docHeaders("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "x-amz-checksum-crc32"), docContext(SEED),
        S3Error.INVALID_REQUEST);
    Map<String, String> both = docHeaders("STREAMING-UNSIGNED-PAYLOAD-TRAILER", "x-amz-checksum-crc32");
    both.put("x-amz-checksum-sha256", Base64.getEncoder().encodeToString(new byte[32]));
    assertOpenFails(both, null, S3Error.INVALID_REQUEST);
    assertOpenFails(Map.of("content-encoding", "aws-chunked", "x-amz-content-sha256", "UNSIGNED-PAYLOAD"), null,
        S3Error.INVALID_ARGUMENT);
  }

  private static void assertOpenFails(Map<String, String> headers, ChunkSigningContext signing, S3Error error) {
    assertThatThrownBy(() -> open(new byte[0], headers, signing))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(error));
  }

  @Test
  void authenticationOff_decodesSignedChunksWithoutVerifying() throws Exception {
    Map<String, String> h = docHeaders("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", null);
    byte[] forged = replace(DOC_BODY, CHUNK1, "0".repeat(64));
    RequestBody body = RequestBody.open(new ByteArrayInputStream(forged), n -> h.get(n.toLowerCase(Locale.ROOT)),
        null, true);
    assertThat(consume(body)).isEqualTo(DOC_DATA);
  }

  // ------------------------------------------------------------ plain bodies with a checksum header

  @Test
  void plainBody_checksumHeader_isVerified() throws Exception {
    byte[] data = "123456789".getBytes(StandardCharsets.US_ASCII);
    String crc64 = Base64.getEncoder().encodeToString(HEX.parseHex("ae8b14860a799888"));
    Map<String, String> h = Map.of("content-length", "9", "x-amz-checksum-crc64nvme", crc64);
    RequestBody body = open(data, h, null);
    assertThat(consume(body)).isEqualTo(data);
    assertThat(body.verifiedChecksum().toString()).isEqualTo("x-amz-checksum-crc64nvme:" + crc64);

    byte[] other = "123456780".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> consume(open(other, h, null))).isInstanceOfSatisfying(S3Exception.class,
        e -> assertThat(e.getMessage()).isEqualTo("The CRC64NVME you specified did not match the calculated checksum."));
    assertOpenFails(Map.of("content-length", "9", "x-amz-checksum-sha1", "not base64!"), null, S3Error.INVALID_REQUEST);
    assertOpenFails(Map.of("content-length", "9", "x-amz-checksum-crc32", "AAAAAA==", "x-amz-checksum-crc32c",
        "AAAAAA=="), null, S3Error.INVALID_REQUEST);
    assertOpenFails(Map.of("content-length", "9", "x-amz-trailer", "x-amz-checksum-crc32"), null,
        S3Error.INVALID_REQUEST);
  }

  // ------------------------------------------------------------ bodies the AWS SDK encodes

  static Stream<Arguments> sdkBodies() {
    // (CRC64NVME is left out: the SDK computes it only with the aws-crt library; Crc64NvmeTest
    // checks ours against the published check value.)
    ChecksumAlgorithm[] algorithms = {DefaultChecksumAlgorithm.CRC32, DefaultChecksumAlgorithm.CRC32C,
        DefaultChecksumAlgorithm.SHA1, DefaultChecksumAlgorithm.SHA256, null};
    int[] sizes = {0, 1, 128 * 1024 + 1, 300_000};
    return Stream.of(true, false).flatMap(signed -> Arrays.stream(algorithms)
        .filter(a -> signed || a != null) // unsigned chunks always carry a checksum trailer
        .flatMap(a -> Arrays.stream(sizes).mapToObj(size -> Arguments.of(signed, a, size))));
  }

  /** Whether byte {@code at} lies in a trailer line's name (a line "x-amz-...:", before ':'). */
  private static boolean trailerNameAt(byte[] raw, int at) {
    String s = new String(raw, StandardCharsets.ISO_8859_1);
    int lineStart = s.lastIndexOf('\n', at) + 1;
    int colon = s.indexOf(':', lineStart);
    int lineEnd = s.indexOf('\r', lineStart);
    return s.startsWith("x-amz-", lineStart) && colon > at && (lineEnd < 0 || colon < lineEnd);
  }

  @ParameterizedTest(name = "signed={0} {1} {2} bytes")
  @MethodSource("sdkBodies")
  void sdkEncodedBody_verifies_andAnyFlippedByteIsRefused(boolean signed, ChecksumAlgorithm algorithm, int size)
      throws Exception {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    Instant now = Instant.parse("2026-11-26T12:00:00Z");
    SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.PUT)
        // over http:// the SDK signs every payload; unsigned chunks are an https:// thing
        .uri(URI.create((signed ? "http" : "https") + "://127.0.0.1:9000/bucket/key"))
        .putHeader("Content-Length", Integer.toString(size)).build();
    SignedRequest sdk = AwsV4HttpSigner.create().sign(r -> {
      r.identity(AwsCredentialsIdentity.create("AKID", "secret"))
          .request(request)
          .payload(ContentStreamProvider.fromByteArrayUnsafe(data))
          .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
          .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
          .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
          .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, true)
          .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, signed)
          .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(now, ZoneOffset.UTC));
      if (algorithm != null) {
        r.putProperty(AwsV4FamilyHttpSigner.CHECKSUM_ALGORITHM, algorithm);
      }
    });
    Map<String, String> h = new HashMap<>();
    sdk.request().headers().forEach((n, v) -> h.put(n.toLowerCase(Locale.ROOT), String.join(",", v)));
    byte[] raw;
    try (InputStream in = sdk.payload().orElseThrow().newStream()) {
      raw = in.readAllBytes();
    }
    SigV4Verifier.Verified v = new SigV4Verifier(k -> Optional.of("secret"), Clock.fixed(now, ZoneOffset.UTC))
        .verify("PUT", "/bucket/key", null, h);
    assertThat(h.get("x-amz-content-sha256")).startsWith("STREAMING-");
    assertThat(v.chunkSigning() != null).isEqualTo(signed);

    RequestBody body = open(raw, h, v.chunkSigning());
    assertThat(consume(body)).isEqualTo(data);
    if (algorithm != null) {
      assertThat(body.verifiedChecksum().algorithm().header()).isEqualTo(h.get("x-amz-trailer"));
    }

    // Then every flipped bit is caught, whichever part of the frame it hits
    Random random = new Random(size + 1);
    java.util.List<String> accepted = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      byte[] tampered = raw.clone();
      int at = random.nextInt(raw.length);
      tampered[at] ^= (byte) (1 << random.nextInt(8));
      if (Character.isLetter(raw[at]) && Character.toLowerCase((char) raw[at]) == Character.toLowerCase(
          (char) tampered[at]) && trailerNameAt(raw, at)) {
        continue; // a trailer name in another case is the same header (HTTP field names ignore case)
      }
      try {
        consume(open(tampered, h, v.chunkSigning()));
        accepted.add("byte " + at + " of ..." + new String(raw, Math.max(0, at - 30), at - Math.max(0, at - 30),
            StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n") + "[" + (char) raw[at]
            + " -> " + (char) tampered[at] + "]");
      } catch (S3Exception expected) {
        // refused, as it must be
      }
    }
    assertThat(accepted).isEmpty();
  }
}
