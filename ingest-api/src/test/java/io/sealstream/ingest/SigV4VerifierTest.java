package io.sealstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

class SigV4VerifierTest {
  // The example credentials of the S3 SigV4 documentation ("Examples of signature calculations").
  private static final String DOC_KEY = "AKIAIOSFODNN7EXAMPLE";
  private static final String DOC_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final Instant DOC_TIME = Instant.parse("2013-05-24T00:00:00Z");

  private static final String KEY = "AKIDSEALSTREAM";
  private static final String SECRET = "0123456789abcdef0123456789abcdef";
  private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

  private static SigV4Verifier verifier(String key, String secret, Instant now) {
    return new SigV4Verifier(
        k -> k.equals(key) ? Optional.of(secret) : Optional.empty(), Clock.fixed(now, ZoneOffset.UTC));
  }

  private static Map<String, String> docHeaders(String signedHeaders, String signature, String... more) {
    Map<String, String> h = new HashMap<>();
    h.put("host", "examplebucket.s3.amazonaws.com");
    h.put("x-amz-date", "20130524T000000Z");
    h.put("x-amz-content-sha256", EMPTY_SHA256);
    for (int i = 0; i < more.length; i += 2) {
      h.put(more[i], more[i + 1]);
    }
    h.put("authorization", "AWS4-HMAC-SHA256 Credential=" + DOC_KEY + "/20130524/us-east-1/s3/aws4_request,"
        + "SignedHeaders=" + signedHeaders + ",Signature=" + signature);
    return h;
  }

  // ------------------------------------------------------------ published vectors

  @Test
  void awsDocVector_getObject_verifies() throws Exception {
    Map<String, String> h = docHeaders("host;range;x-amz-content-sha256;x-amz-date",
        "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41", "range", "bytes=0-9");

    assertThat(verifier(DOC_KEY, DOC_SECRET, DOC_TIME).verify("GET", "/test.txt", null, h).accessKey()).isEqualTo(DOC_KEY);
  }

  @Test
  void awsDocVector_putObject_withDollarInKey_verifies() throws Exception {
    Map<String, String> h = docHeaders("date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class",
        "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd",
        "date", "Fri, 24 May 2013 00:00:00 GMT", "x-amz-storage-class", "REDUCED_REDUNDANCY",
        "x-amz-content-sha256", "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");

    assertThat(verifier(DOC_KEY, DOC_SECRET, DOC_TIME).verify("PUT", "/test%24file.text", null, h).accessKey()).isEqualTo(DOC_KEY);
    // sent unencoded, signed encoded: the re-encoded path is tried too
    assertThat(verifier(DOC_KEY, DOC_SECRET, DOC_TIME).verify("PUT", "/test$file.text", null, h).accessKey()).isEqualTo(DOC_KEY);
  }

  @Test
  void awsDocVector_getBucketLifecycle_verifies() throws Exception {
    Map<String, String> h = docHeaders("host;x-amz-content-sha256;x-amz-date",
        "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");

    assertThat(verifier(DOC_KEY, DOC_SECRET, DOC_TIME).verify("GET", "/", "lifecycle", h).accessKey()).isEqualTo(DOC_KEY);
  }

  @Test
  void awsDocVector_listObjects_verifies_andQueryOrderDoesNotMatter() throws Exception {
    Map<String, String> h = docHeaders("host;x-amz-content-sha256;x-amz-date",
        "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");

    assertThat(verifier(DOC_KEY, DOC_SECRET, DOC_TIME).verify("GET", "/", "max-keys=2&prefix=J", h).accessKey()).isEqualTo(DOC_KEY);
    assertThat(verifier(DOC_KEY, DOC_SECRET, DOC_TIME).verify("GET", "/", "prefix=J&max-keys=2", h).accessKey()).isEqualTo(DOC_KEY);
  }

  // ------------------------------------------------------------ SDK-signed requests

  /** A request as the AWS SDK's own SigV4 signer signs it, in the verifier's terms. */
  private record Signed(String method, String path, String query, Map<String, String> headers) {
    Signed with(String header, String value) {
      Map<String, String> h = new HashMap<>(headers);
      if (value == null) {
        h.remove(header);
      } else {
        h.put(header, value);
      }
      return new Signed(method, path, query, h);
    }
  }

  private static Signed sdkSigned(String method, String url, Map<String, String> headers, byte[] body,
      String key, String secret, Instant at) throws Exception {
    SdkHttpRequest.Builder b = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(URI.create(url));
    headers.forEach(b::putHeader);
    b.putHeader("x-amz-content-sha256",
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
    SdkHttpRequest request = b.build();
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsCredentialsIdentity.create(key, secret))
        .request(request)
        .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));
    Map<String, String> h = new HashMap<>();
    signed.request().headers().forEach((n, v) -> h.put(n.toLowerCase(Locale.ROOT), String.join(",", v)));
    URI uri = signed.request().getUri();
    return new Signed(signed.request().method().name(), uri.getRawPath(), uri.getRawQuery(), h);
  }

  private static Signed samplePut() throws Exception {
    return sdkSigned("PUT", "http://127.0.0.1:9000/bucket/dir/a%20b%2Bc%C3%BC.txt?x-id=PutObject&b=2&a=1",
        Map.of("Content-Type", "text/plain", "x-amz-server-side-encryption", "AES256",
            "x-amz-meta-note", "  two   spaces  "),
        "hello".getBytes(StandardCharsets.UTF_8), KEY, SECRET, NOW);
  }

  private static String verify(Signed s) throws S3Exception {
    return verifier(KEY, SECRET, NOW).verify(s.method, s.path, s.query, s.headers).accessKey();
  }

  private static void assertError(ThrowingCallable call, S3Error error) {
    assertThatThrownBy(call).isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(error));
  }

  @Test
  void sdkSignedPut_verifies() throws Exception {
    Signed s = samplePut();
    assertThat(s.headers.get("authorization")).contains("x-amz-server-side-encryption");

    assertThat(verify(s)).isEqualTo(KEY);
  }

  @Test
  void sdkSignedGet_withoutQuery_andWithin15Minutes_verifies() throws Exception {
    Signed s = sdkSigned("GET", "http://localhost:8080/b/k", Map.of("Range", "bytes=0-9"), new byte[0],
        KEY, SECRET, NOW.minus(Duration.ofMinutes(14)));

    assertThat(verify(s)).isEqualTo(KEY);
  }

  @Test
  void everySignedHeader_tampered_isSignatureDoesNotMatch() throws Exception {
    Signed s = samplePut();
    String signed = s.headers.get("authorization").replaceAll(".*SignedHeaders=([^,]*),.*", "$1");
    for (String name : signed.split(";")) {
      if (name.equals("x-amz-date")) {
        continue; // its own test below
      }
      Signed tampered = s.with(name, s.headers.get(name) + "0");
      assertThatThrownBy(() -> verify(tampered)).as(name)
          .isInstanceOfSatisfying(S3Exception.class,
              e -> assertThat(e.error()).isEqualTo(S3Error.SIGNATURE_DOES_NOT_MATCH));
    }
  }

  @Test
  void tamperedPath_query_method_date_orSecret_isSignatureDoesNotMatch() throws Exception {
    Signed s = samplePut();
    assertError(() -> verify(new Signed(s.method, s.path + "x", s.query, s.headers)), S3Error.SIGNATURE_DOES_NOT_MATCH);
    assertError(() -> verify(new Signed(s.method, "/bucket/dir/a%20b%2Bc%C3%BD.txt", s.query, s.headers)),
        S3Error.SIGNATURE_DOES_NOT_MATCH);
    assertError(() -> verify(new Signed(s.method, s.path, s.query + "&c=3", s.headers)), S3Error.SIGNATURE_DOES_NOT_MATCH);
    assertError(() -> verify(new Signed(s.method, s.path, null, s.headers)), S3Error.SIGNATURE_DOES_NOT_MATCH);
    assertError(() -> verify(new Signed("POST", s.path, s.query, s.headers)), S3Error.SIGNATURE_DOES_NOT_MATCH);
    assertError(() -> verify(s.with("x-amz-date", "20261126T120001Z")), S3Error.SIGNATURE_DOES_NOT_MATCH);
    assertError(() -> verifier(KEY, SECRET + "x", NOW).verify(s.method, s.path, s.query, s.headers),
        S3Error.SIGNATURE_DOES_NOT_MATCH);
  }

  @Test
  void tamperedSignature_isSignatureDoesNotMatch() throws Exception {
    Signed s = samplePut();
    String auth = s.headers.get("authorization");
    char last = auth.charAt(auth.length() - 1);
    String flipped = auth.substring(0, auth.length() - 1) + (last == '0' ? '1' : '0');
    assertError(() -> verify(s.with("authorization", flipped)), S3Error.SIGNATURE_DOES_NOT_MATCH);
    assertError(() -> verify(s.with("authorization", auth.substring(0, auth.length() - 2))),
        S3Error.SIGNATURE_DOES_NOT_MATCH);
  }

  @Test
  void signingKeyCache_isFilledOnlyByMatchingSignatures_andNeverVerifiesForThem() throws Exception {
    SigV4Verifier v = verifier(KEY, SECRET, NOW);
    Signed s = samplePut();
    String auth = s.headers.get("authorization");
    Signed forged = s.with("authorization", auth.substring(0, auth.length() - 1)
        + (auth.charAt(auth.length() - 1) == '0' ? '1' : '0'));

    assertError(() -> v.verify(forged.method, forged.path, forged.query, forged.headers), S3Error.SIGNATURE_DOES_NOT_MATCH);
    assertThat(v.cachedSigningKeys()).isZero();
    assertThat(v.verify(s.method, s.path, s.query, s.headers).accessKey()).isEqualTo(KEY);
    assertThat(v.cachedSigningKeys()).isOne();
    // with the scope's key cached, a forged signature and a tampered request still fail
    assertError(() -> v.verify(forged.method, forged.path, forged.query, forged.headers), S3Error.SIGNATURE_DOES_NOT_MATCH);
    assertError(() -> v.verify(s.method, s.path + "x", s.query, s.headers), S3Error.SIGNATURE_DOES_NOT_MATCH);
    assertThat(v.verify(s.method, s.path, s.query, s.headers).accessKey()).isEqualTo(KEY);
    assertThat(v.cachedSigningKeys()).isOne();
  }

  @Test
  void signingKeyCache_followsARotatedSecret() throws Exception {
    String[] secret = {SECRET};
    SigV4Verifier v = new SigV4Verifier(k -> k.equals(KEY) ? Optional.of(secret[0]) : Optional.empty(),
        Clock.fixed(NOW, ZoneOffset.UTC));
    Signed old = samplePut();
    assertThat(v.verify(old.method, old.path, old.query, old.headers).accessKey()).isEqualTo(KEY);

    secret[0] = SECRET + "rotated";
    assertError(() -> v.verify(old.method, old.path, old.query, old.headers), S3Error.SIGNATURE_DOES_NOT_MATCH);
    Signed fresh = sdkSigned("GET", "http://localhost/b/k", Map.of(), new byte[0], KEY, secret[0], NOW);
    assertThat(v.verify(fresh.method, fresh.path, fresh.query, fresh.headers).accessKey()).isEqualTo(KEY);
  }

  @Test
  void unsignedAmzHeaderAdded_isAccessDenied() throws Exception {
    assertError(() -> verify(samplePut().with("x-amz-server-side-encryption-customer-algorithm", "AES256")),
        S3Error.ACCESS_DENIED);
  }

  @Test
  void unknownAccessKey_isInvalidAccessKeyId() throws Exception {
    Signed s = sdkSigned("GET", "http://localhost/b/k", Map.of(), new byte[0], "AKIDOTHER", SECRET, NOW);
    assertError(() -> verify(s), S3Error.INVALID_ACCESS_KEY_ID);
  }

  @ParameterizedTest
  @ValueSource(longs = {-16, 16, 60 * 24})
  void requestTimeOutsideFifteenMinutes_isRequestTimeTooSkewed(long minutes) throws Exception {
    Signed s = sdkSigned("GET", "http://localhost/b/k", Map.of(), new byte[0], KEY, SECRET,
        NOW.plus(Duration.ofMinutes(minutes)));
    assertError(() -> verify(s), S3Error.REQUEST_TIME_TOO_SKEWED);
  }

  @Test
  void missingAuthorization_isAccessDenied() throws Exception {
    Signed s = samplePut().with("authorization", null);
    assertError(() -> verify(s), S3Error.ACCESS_DENIED);
  }

  @Test
  void sessionTokenHeader_isInvalidToken() throws Exception {
    Signed s = sdkSigned("GET", "http://localhost/b/k", Map.of("x-amz-security-token", "FQoGZXIvYXdzEXAMPLE"),
        new byte[0], KEY, SECRET, NOW);
    assertError(() -> verify(s), S3Error.INVALID_TOKEN);
  }

  @Test
  void headerSignedStreamingRequest_carriesTheChunkSigningContext_othersDoNot() throws Exception {
    assertThat(verifier(KEY, SECRET, NOW).verify(samplePut().method, samplePut().path, samplePut().query,
        samplePut().headers).chunkSigning()).isNull();
    Map<String, String> h = new HashMap<>(docHeaders(
        "content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class",
        "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9",
        "content-encoding", "aws-chunked", "content-length", "66824", "x-amz-decoded-content-length", "66560",
        "x-amz-storage-class", "REDUCED_REDUNDANCY", "x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"));
    h.put("host", "s3.amazonaws.com");
    SigV4Verifier.Verified v = verifier(DOC_KEY, DOC_SECRET, DOC_TIME).verify("PUT", "/examplebucket/chunkObject.txt", null, h);
    assertThat(v.chunkSigning()).isNotNull();
    assertThat(HexFormat.of().formatHex(v.chunkSigning().seedSignature()))
        .isEqualTo("4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9");
    assertThat(v.chunkSigning().toString()).doesNotContain("4f232c43");
  }

  // ------------------------------------------------------------ presigned URLs

  /** The query of the S3 documentation's presigned example ("Authenticating Requests: Using Query Parameters"). */
  private static final String DOC_PRESIGNED_QUERY = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
      + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
      + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
      + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
  private static final Map<String, String> DOC_PRESIGNED_HEADERS = Map.of("host", "examplebucket.s3.amazonaws.com");

  private static SigV4Verifier.Verified verifyDocPresigned(Instant now, String query, Map<String, String> headers)
      throws S3Exception {
    return verifier(DOC_KEY, DOC_SECRET, now).verify("GET", "/test.txt", query, headers);
  }

  @Test
  void awsDocVector_presignedGet_verifies_untilItExpires() throws Exception {
    assertThat(verifyDocPresigned(DOC_TIME, DOC_PRESIGNED_QUERY, DOC_PRESIGNED_HEADERS).accessKey()).isEqualTo(DOC_KEY);
    Instant lastSecond = DOC_TIME.plusSeconds(86_400);
    assertThat(verifyDocPresigned(lastSecond, DOC_PRESIGNED_QUERY, DOC_PRESIGNED_HEADERS).chunkSigning()).isNull();

    assertThatThrownBy(() -> verifyDocPresigned(lastSecond.plusSeconds(1), DOC_PRESIGNED_QUERY, DOC_PRESIGNED_HEADERS))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.error()).isEqualTo(S3Error.ACCESS_DENIED);
          assertThat(e.getMessage()).isEqualTo("Request has expired");
        });
    // dated beyond the skew window ahead of the server's clock: not valid yet
    assertError(() -> verifyDocPresigned(DOC_TIME.minus(Duration.ofMinutes(16)), DOC_PRESIGNED_QUERY,
        DOC_PRESIGNED_HEADERS), S3Error.ACCESS_DENIED);
    assertThat(verifyDocPresigned(DOC_TIME.minus(Duration.ofMinutes(14)), DOC_PRESIGNED_QUERY,
        DOC_PRESIGNED_HEADERS).accessKey()).isEqualTo(DOC_KEY);
  }

  @Test
  void presigned_tampered_isSignatureDoesNotMatch() throws Exception {
    String flipped = DOC_PRESIGNED_QUERY.replace("d404", "d405");
    assertError(() -> verifyDocPresigned(DOC_TIME, flipped, DOC_PRESIGNED_HEADERS), S3Error.SIGNATURE_DOES_NOT_MATCH);
    assertError(() -> verifyDocPresigned(DOC_TIME, DOC_PRESIGNED_QUERY.replace("86400", "86401"), DOC_PRESIGNED_HEADERS),
        S3Error.SIGNATURE_DOES_NOT_MATCH);
    assertError(() -> verifyDocPresigned(DOC_TIME, DOC_PRESIGNED_QUERY + "&acl", DOC_PRESIGNED_HEADERS),
        S3Error.SIGNATURE_DOES_NOT_MATCH);
    assertError(() -> verifyDocPresigned(DOC_TIME, DOC_PRESIGNED_QUERY, Map.of("host", "other.s3.amazonaws.com")),
        S3Error.SIGNATURE_DOES_NOT_MATCH);
    assertError(() -> verifier(DOC_KEY, DOC_SECRET, DOC_TIME).verify("PUT", "/test.txt", DOC_PRESIGNED_QUERY,
        DOC_PRESIGNED_HEADERS), S3Error.SIGNATURE_DOES_NOT_MATCH);
    assertError(() -> verifier(DOC_KEY, DOC_SECRET + "x", DOC_TIME).verify("GET", "/test.txt", DOC_PRESIGNED_QUERY,
        DOC_PRESIGNED_HEADERS), S3Error.SIGNATURE_DOES_NOT_MATCH);
  }

  @Test
  void presigned_withAnUnsignedAmzHeader_isAccessDenied() throws Exception {
    Map<String, String> h = Map.of("host", "examplebucket.s3.amazonaws.com", "x-amz-server-side-encryption", "AES256");
    assertError(() -> verifyDocPresigned(DOC_TIME, DOC_PRESIGNED_QUERY, h), S3Error.ACCESS_DENIED);
  }

  @Test
  void presigned_andAuthorizationHeader_isInvalidArgument() throws Exception {
    Map<String, String> h = new HashMap<>(DOC_PRESIGNED_HEADERS);
    h.put("authorization", "AWS4-HMAC-SHA256 Credential=" + DOC_KEY + "/20130524/us-east-1/s3/aws4_request,"
        + "SignedHeaders=host,Signature=" + "0".repeat(64));
    assertError(() -> verifyDocPresigned(DOC_TIME, DOC_PRESIGNED_QUERY, h), S3Error.INVALID_ARGUMENT);
  }

  @Test
  void presigned_withSessionToken_isInvalidToken() throws Exception {
    assertError(() -> verifyDocPresigned(DOC_TIME, DOC_PRESIGNED_QUERY + "&X-Amz-Security-Token=abc", DOC_PRESIGNED_HEADERS),
        S3Error.INVALID_TOKEN);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "X-Amz-Expires=86400&:X-Amz-Expires=0&",
      "X-Amz-Expires=86400&:X-Amz-Expires=604801&",
      "X-Amz-Expires=86400&:X-Amz-Expires=-1&",
      "X-Amz-Expires=86400&:X-Amz-Expires=day&",
      "X-Amz-Expires=86400&:",
      "X-Amz-SignedHeaders=host&:",
      "X-Amz-SignedHeaders=host&:X-Amz-SignedHeaders=content-type&",
      "X-Amz-Algorithm=AWS4-HMAC-SHA256:X-Amz-Algorithm=AWS4-HMAC-SHA1",
      "X-Amz-Date=20130524T000000Z:X-Amz-Date=20130524",
      "X-Amz-Date=20130524T000000Z:X-Amz-Date=20130525T000000Z",
      "%2Fs3%2F:%2Fiam%2F",
      "X-Amz-Date=20130524T000000Z&:X-Amz-Date=20130524T000000Z&X-Amz-Date=20130524T000000Z&"})
  void presigned_malformedParameters_areAuthorizationQueryParametersError(String replacement) throws Exception {
    String[] r = replacement.split(":", -1);
    String query = DOC_PRESIGNED_QUERY.replace(r[0], r[1]);
    assertThat(query).isNotEqualTo(DOC_PRESIGNED_QUERY);
    assertError(() -> verifyDocPresigned(DOC_TIME, query, DOC_PRESIGNED_HEADERS),
        S3Error.AUTHORIZATION_QUERY_PARAMETERS_ERROR);
  }

  @Test
  void presigned_unknownAccessKey_isInvalidAccessKeyId() throws Exception {
    assertError(() -> verifier("AKIDOTHER", DOC_SECRET, DOC_TIME).verify("GET", "/test.txt", DOC_PRESIGNED_QUERY,
        DOC_PRESIGNED_HEADERS), S3Error.INVALID_ACCESS_KEY_ID);
  }

  @Test
  void sdkPresignedUrls_verify() throws Exception {
    software.amazon.awssdk.services.s3.presigner.S3Presigner presigner =
        software.amazon.awssdk.services.s3.presigner.S3Presigner.builder()
            .region(software.amazon.awssdk.regions.Region.US_EAST_1)
            .endpointOverride(URI.create("http://127.0.0.1:9000"))
            .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                .pathStyleAccessEnabled(true).build())
            .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(KEY, SECRET)))
            .build();
    try (presigner) {
      var get = presigner.presignGetObject(b -> b.signatureDuration(Duration.ofMinutes(10))
          .getObjectRequest(g -> g.bucket("bucket").key("dir/a b+c.txt")));
      var put = presigner.presignPutObject(b -> b.signatureDuration(Duration.ofMinutes(10))
          .putObjectRequest(p -> p.bucket("bucket").key("k").serverSideEncryption("AES256")));
      for (software.amazon.awssdk.awscore.presigner.PresignedRequest p
          : List.<software.amazon.awssdk.awscore.presigner.PresignedRequest>of(get, put)) {
        Map<String, String> h = new HashMap<>();
        p.signedHeaders().forEach((n, v) -> h.put(n.toLowerCase(Locale.ROOT), String.join(",", v)));
        URI url = p.url().toURI();
        Instant signedAt = Instant.now();
        SigV4Verifier v = new SigV4Verifier(k -> k.equals(KEY) ? Optional.of(SECRET) : Optional.empty(),
            Clock.fixed(signedAt, ZoneOffset.UTC));
        assertThat(v.verify(p.httpRequest().method().name(), url.getRawPath(), url.getRawQuery(), h).accessKey())
            .isEqualTo(KEY);
        SigV4Verifier later = new SigV4Verifier(k -> Optional.of(SECRET),
            Clock.fixed(signedAt.plus(Duration.ofMinutes(11)), ZoneOffset.UTC));
        assertError(() -> later.verify(p.httpRequest().method().name(), url.getRawPath(), url.getRawQuery(), h),
            S3Error.ACCESS_DENIED);
      }
    }
  }

  @Test
  void malformedAuthorization_isAuthorizationHeaderMalformed_orInvalidRequest() throws Exception {
    Signed s = samplePut();
    String auth = s.headers.get("authorization");
    for (String bad : List.of(
        "AWS4-HMAC-SHA256 Credential=" + KEY + "/20261126/us-east-1/s3/aws4_request",
        auth.replace("/s3/", "/iam/"),
        auth.replace("/aws4_request", "/aws5_request"),
        auth.replace("Credential=", "Credentials="),
        auth.replace("/20261126/", "/20261125/"),
        "Bearer abc",
        auth + ",Signature=00")) {
      assertError(() -> verify(s.with("authorization", bad)), S3Error.AUTHORIZATION_HEADER_MALFORMED);
    }
    assertError(() -> verify(s.with("authorization", "AWS " + KEY + ":c2lnbmF0dXJl")), S3Error.INVALID_REQUEST);
  }

  @Test
  void missingRequiredHeaders_areRefused() throws Exception {
    Signed s = samplePut();
    assertError(() -> verify(s.with("x-amz-content-sha256", null)), S3Error.INVALID_REQUEST);
    assertError(() -> verify(s.with("x-amz-date", null)), S3Error.ACCESS_DENIED);
    String auth = s.headers.get("authorization");
    assertError(() -> verify(s.with("authorization", auth.replace("SignedHeaders=", "SignedHeaders=x;").replace(";host;", ";"))),
        S3Error.AUTHORIZATION_HEADER_MALFORMED);
  }

  @Test
  void canonicalQuery_sortsAndReEncodes() throws Exception {
    assertThat(SigV4Verifier.canonicalQuery("prefix=a%2Fb&acl&max-keys=2&a=x y"))
        .isEqualTo("a=x%20y&acl=&max-keys=2&prefix=a%2Fb");
    assertThat(SigV4Verifier.canonicalQuery(null)).isEmpty();
  }

  @Test
  void trimAll_foldsWhitespaceExactlyAsTheRegexItReplaces() {
    // every string of up to 6 characters over an alphabet of letters and the whitespace kinds
    char[] alphabet = {'a', 'b', ' ', '\t', '\n', '\r', '\f', 0x0B, 0x1C};
    int checked = 0;
    for (int len = 0; len <= 6; len++) {
      int[] digits = new int[len];
      while (true) {
        StringBuilder sb = new StringBuilder();
        for (int d : digits) {
          sb.append(alphabet[d]);
        }
        String in = sb.toString();
        assertThat(SigV4Verifier.trimAll(in)).as("[%s]", in).isEqualTo(in.strip().replaceAll("\\s+", " "));
        checked++;
        int i = 0;
        while (i < len && ++digits[i] == alphabet.length) {
          digits[i++] = 0;
        }
        if (i == len) {
          break;
        }
      }
    }
    assertThat(checked).isGreaterThan(500_000);
  }
}
