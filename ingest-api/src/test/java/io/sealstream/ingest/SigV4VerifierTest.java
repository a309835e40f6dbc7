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

    assertThat(verifier(DOC_KEY, DOC_SECRET, DOC_TIME).verify("GET", "/test.txt", null, h)).isEqualTo(DOC_KEY);
  }

  @Test
  void awsDocVector_putObject_withDollarInKey_verifies() throws Exception {
    Map<String, String> h = docHeaders("date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class",
        "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd",
        "date", "Fri, 24 May 2013 00:00:00 GMT", "x-amz-storage-class", "REDUCED_REDUNDANCY",
        "x-amz-content-sha256", "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");

    assertThat(verifier(DOC_KEY, DOC_SECRET, DOC_TIME).verify("PUT", "/test%24file.text", null, h)).isEqualTo(DOC_KEY);
    // sent unencoded, signed encoded: the re-encoded path is tried too
    assertThat(verifier(DOC_KEY, DOC_SECRET, DOC_TIME).verify("PUT", "/test$file.text", null, h)).isEqualTo(DOC_KEY);
  }

  @Test
  void awsDocVector_getBucketLifecycle_verifies() throws Exception {
    Map<String, String> h = docHeaders("host;x-amz-content-sha256;x-amz-date",
        "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543");

    assertThat(verifier(DOC_KEY, DOC_SECRET, DOC_TIME).verify("GET", "/", "lifecycle", h)).isEqualTo(DOC_KEY);
  }

  @Test
  void awsDocVector_listObjects_verifies_andQueryOrderDoesNotMatter() throws Exception {
    Map<String, String> h = docHeaders("host;x-amz-content-sha256;x-amz-date",
        "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");

    assertThat(verifier(DOC_KEY, DOC_SECRET, DOC_TIME).verify("GET", "/", "max-keys=2&prefix=J", h)).isEqualTo(DOC_KEY);
    assertThat(verifier(DOC_KEY, DOC_SECRET, DOC_TIME).verify("GET", "/", "prefix=J&max-keys=2", h)).isEqualTo(DOC_KEY);
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
    return verifier(KEY, SECRET, NOW).verify(s.method, s.path, s.query, s.headers);
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
  void missingAuthorization_isAccessDenied_andPresigned_isNotImplemented() throws Exception {
    Signed s = samplePut().with("authorization", null);
    assertError(() -> verify(s), S3Error.ACCESS_DENIED);
    assertError(() -> verifier(KEY, SECRET, NOW).verify("GET", "/b/k",
        "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=00", s.headers), S3Error.NOT_IMPLEMENTED);
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
}
