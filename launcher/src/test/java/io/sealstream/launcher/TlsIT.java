package io.sealstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealstream.tls.DevCertificate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.Random;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The S3 endpoint's transport on the whole stack: the development certificate is the only way
 * in over HTTPS, and SSE-C keys are refused over plain HTTP (one stack, one HTTPS and one plain
 * HTTP endpoint on the same pipeline).
 */
class TlsIT {
  private static final String BUCKET = "tls";
  @TempDir static Path dataDir;
  @TempDir static Path elsewhere;
  private static Stack stack;
  private static Path caFile;
  private static URI https;
  private static URI plain;
  private static S3Client overTls;
  private static S3Client overPlain;
  private static final byte[] KEY = new byte[32];
  private static String keyMd5;

  @BeforeAll
  static void start() throws Exception {
    new Random(3).nextBytes(KEY);
    keyMd5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(KEY));
    stack = Stack.start(dataDir);
    S3Transport transport = S3Transport.devCertificate(dataDir);
    caFile = transport.trustFile();
    https = stack.startIngest(0, transport);
    plain = stack.startIngest(0, S3Transport.plainHttp());
    overTls =
        StackClients.s3(https, stack.accessKey, stack.secretKey)
            .httpClient(StackClients.trusting(caFile).build())
            .build();
    overPlain =
        StackClients.s3(plain, stack.accessKey, stack.secretKey)
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    overTls.createBucket(b -> b.bucket(BUCKET));
  }

  @AfterAll
  static void stop() {
    for (S3Client c : new S3Client[] {overTls, overPlain}) {
      if (c != null) {
        c.close();
      }
    }
    if (stack != null) {
      stack.close();
    }
  }

  private static String key64() {
    return Base64.getEncoder().encodeToString(KEY);
  }

  private static String keyMd5() {
    return keyMd5;
  }

  @Test
  void endpoints_areHttpsByDefault_andPlainOnlyWhenAsked() {
    assertThat(https.toString()).startsWith("https://127.0.0.1:");
    assertThat(plain.toString()).startsWith("http://127.0.0.1:");
    assertThat(caFile).isEqualTo(dataDir.resolve("tls").resolve("ca.pem"));
  }

  @Test
  void clientsNotTrustingTheDevCertificate_failTheHandshake() throws Exception {
    // the JDK's default CAs
    try (S3Client defaults =
        StackClients.s3(https, stack.accessKey, stack.secretKey)
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      assertThatThrownBy(() -> defaults.headBucket(b -> b.bucket(BUCKET)))
          .isInstanceOf(SdkClientException.class)
          .satisfies(e -> assertThat(causes(e)).anyMatch(SSLHandshakeException.class::isInstance));
    }
    // another development CA, e.g. of an earlier data directory
    Path otherCa = DevCertificate.ensure(elsewhere.resolve("tls"), Clock.systemUTC()).caFile();
    try (S3Client other =
        StackClients.s3(https, stack.accessKey, stack.secretKey)
            .httpClient(StackClients.trusting(otherCa).build())
            .build()) {
      assertThatThrownBy(() -> other.headBucket(b -> b.bucket(BUCKET)))
          .isInstanceOf(SdkClientException.class)
          .satisfies(e -> assertThat(causes(e)).anyMatch(SSLHandshakeException.class::isInstance));
    }
    assertThatThrownBy(
            () -> HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(https.resolve("/" + BUCKET)).build(), HttpResponse.BodyHandlers.discarding()))
        .isInstanceOf(SSLHandshakeException.class);
    // while the client trusting it gets through
    overTls.headBucket(b -> b.bucket(BUCKET));
  }

  @Test
  void sseCOverPlainHttp_isInvalidRequest_onPutGetAndHead() throws Exception {
    // Given an SSE-C object stored over HTTPS
    overTls.putObject(
        b -> b.bucket(BUCKET).key("locked").sseCustomerAlgorithm("AES256").sseCustomerKey(key64()).sseCustomerKeyMD5(keyMd5()),
        RequestBody.fromBytes(new byte[5000]));

    // When SSE-C requests come over plain HTTP, Then each is 400 InvalidRequest
    assertThatThrownBy(
            () -> overPlain.putObject(
                b -> b.bucket(BUCKET).key("refused").sseCustomerAlgorithm("AES256").sseCustomerKey(key64()).sseCustomerKeyMD5(keyMd5()),
                RequestBody.fromBytes(new byte[100])))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRequest");
          assertThat(e.awsErrorDetails().errorMessage()).contains("secure connection");
        });
    assertThatThrownBy(
            () -> overPlain.getObjectAsBytes(
                b -> b.bucket(BUCKET).key("locked").sseCustomerAlgorithm("AES256").sseCustomerKey(key64()).sseCustomerKeyMD5(keyMd5())))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRequest");
        });
    assertThatThrownBy(
            () -> overPlain.headObject(
                b -> b.bucket(BUCKET).key("locked").sseCustomerAlgorithm("AES256").sseCustomerKey(key64()).sseCustomerKeyMD5(keyMd5())))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(400));

    // And the refused PUT stored nothing, while SSE-S3 over plain HTTP is served
    assertThatThrownBy(() -> overTls.headObject(b -> b.bucket(BUCKET).key("refused")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    overPlain.putObject(b -> b.bucket(BUCKET).key("plain-sse-s3"), RequestBody.fromBytes(new byte[100]));
    assertThat(overPlain.getObjectAsBytes(b -> b.bucket(BUCKET).key("plain-sse-s3")).asByteArray()).hasSize(100);
  }

  @Test
  void sseCOverHttps_putGetAndHead_work() throws Exception {
    byte[] data = new byte[300_000];
    new Random(9).nextBytes(data);
    overTls.putObject(
        b -> b.bucket(BUCKET).key("secret").sseCustomerAlgorithm("AES256").sseCustomerKey(key64()).sseCustomerKeyMD5(keyMd5()),
        RequestBody.fromBytes(data));

    ResponseBytes<GetObjectResponse> got =
        overTls.getObjectAsBytes(
            b -> b.bucket(BUCKET).key("secret").sseCustomerAlgorithm("AES256").sseCustomerKey(key64()).sseCustomerKeyMD5(keyMd5()));
    HeadObjectResponse head =
        overTls.headObject(
            b -> b.bucket(BUCKET).key("secret").sseCustomerAlgorithm("AES256").sseCustomerKey(key64()).sseCustomerKeyMD5(keyMd5()));

    assertThat(got.asByteArray()).isEqualTo(data);
    assertThat(got.response().sseCustomerKeyMD5()).isEqualTo(keyMd5());
    assertThat(head.contentLength()).isEqualTo(data.length);
    assertThat(head.sseCustomerKeyMD5()).isEqualTo(keyMd5());
  }

  private static java.util.List<Throwable> causes(Throwable t) {
    java.util.List<Throwable> all = new java.util.ArrayList<>();
    for (Throwable c = t; c != null && !all.contains(c); c = c.getCause()) {
      all.add(c);
    }
    return all;
  }
}
