package io.sealstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The whole stack as `./sealstream up` runs it, driven by the AWS SDK for Java v2: PUT and GET
 * of 0 B … 200 MiB in each SSE mode, byte-exact, through ingest-api, Kafka, encryptor-streams,
 * store-writer and key-service, over HTTPS with the development certificate (the client trusts
 * exactly its CA). A PUT answered 200 is read back at once.
 */
class S3EndToEndIT {
  private static final String BUCKET = "e2e";
  private static final byte[] CUSTOMER_KEY = new byte[32];
  @TempDir static Path dataDir;
  private static Stack stack;
  private static S3Client s3;
  private static URI endpoint;
  private static Path caFile;

  @BeforeAll
  static void start() throws Exception {
    new Random(42).nextBytes(CUSTOMER_KEY);
    stack = Stack.start(dataDir);
    S3Transport transport = S3Transport.devCertificate(dataDir);
    caFile = transport.trustFile();
    endpoint = stack.startIngest(0, transport);
    assertThat(endpoint.getScheme()).isEqualTo("https");
    s3 =
        StackClients.s3(endpoint, stack.accessKey, stack.secretKey)
            .httpClient(StackClients.trusting(caFile).build())
            .build();
    s3.createBucket(b -> b.bucket(BUCKET));
  }

  @AfterAll
  static void stop() {
    if (s3 != null) {
      s3.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  static Stream<Arguments> sizesAndModes() {
    int[] sizes = {0, 1, 65_536, 65_537, 10 << 20, 200 << 20};
    return Stream.of("SSE-S3", "SSE-KMS", "SSE-C")
        .flatMap(mode -> Arrays.stream(sizes).mapToObj(size -> Arguments.of(mode, size)));
  }

  private static String customerKeyB64() {
    return Base64.getEncoder().encodeToString(CUSTOMER_KEY);
  }

  private static String customerKeyMd5() throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(CUSTOMER_KEY));
  }

  @ParameterizedTest(name = "{0}, {1} bytes")
  @MethodSource("sizesAndModes")
  void putThenGet_returnsTheSameBytes(String mode, int size) throws Exception {
    // Given an object of that size
    byte[] data = new byte[size];
    new Random(size * 31L + mode.hashCode()).nextBytes(data);
    String key = mode + "/" + size;
    PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(BUCKET).key(key);
    GetObjectRequest.Builder get = GetObjectRequest.builder().bucket(BUCKET).key(key);
    switch (mode) {
      case "SSE-S3" -> put.serverSideEncryption(ServerSideEncryption.AES256);
      case "SSE-KMS" -> put.serverSideEncryption(ServerSideEncryption.AWS_KMS);
      default -> {
        put.sseCustomerAlgorithm("AES256").sseCustomerKey(customerKeyB64()).sseCustomerKeyMD5(customerKeyMd5());
        get.sseCustomerAlgorithm("AES256").sseCustomerKey(customerKeyB64()).sseCustomerKeyMD5(customerKeyMd5());
      }
    }

    // When it is PUT, and read back as soon as the PUT is answered
    var putResponse = s3.putObject(put.build(), RequestBody.fromBytes(data));
    byte[] read;
    try (InputStream in = s3.getObject(get.build())) {
      read = in.readAllBytes();
    }

    // Then the bytes are the same, and the response names the mode
    assertThat(MessageDigest.getInstance("SHA-256").digest(read))
        .isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
    assertThat(read.length).isEqualTo(size);
    if (mode.equals("SSE-S3")) {
      assertThat(putResponse.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
      assertThat(putResponse.eTag())
          .isEqualTo("\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data)) + "\"");
    } else if (mode.equals("SSE-KMS")) {
      assertThat(putResponse.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
    } else {
      assertThat(putResponse.sseCustomerKeyMD5()).isEqualTo(customerKeyMd5());
    }
  }

  @Test
  void sseCObject_withoutItsKey_isRefused_andWithAnotherKey_isForbidden() throws Exception {
    byte[] other = CUSTOMER_KEY.clone();
    other[0] ^= 1;
    String md5 = customerKeyMd5();
    String otherB64 = Base64.getEncoder().encodeToString(other);
    String otherMd5 =
        Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(other));
    s3.putObject(
        b -> b.bucket(BUCKET).key("locked").sseCustomerAlgorithm("AES256")
            .sseCustomerKey(customerKeyB64()).sseCustomerKeyMD5(md5),
        RequestBody.fromBytes(new byte[1000]));

    assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("locked")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    assertThatThrownBy(
            () ->
                s3.getObjectAsBytes(
                    b -> b.bucket(BUCKET).key("locked").sseCustomerAlgorithm("AES256")
                        .sseCustomerKey(otherB64).sseCustomerKeyMD5(otherMd5)))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));
  }

  @Test
  void rangeGet_returnsExactlyTheRange() throws Exception {
    byte[] data = new byte[1_000_000];
    new Random(7).nextBytes(data);
    s3.putObject(b -> b.bucket(BUCKET).key("ranged"), RequestBody.fromBytes(data));

    byte[] part = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("ranged").range("bytes=100000-300000")).asByteArray();

    assertThat(part).isEqualTo(Arrays.copyOfRange(data, 100_000, 300_001));
  }

  @Test
  void wrongSecretKey_isSignatureDoesNotMatch_andUnsignedRequest_isAccessDenied() throws Exception {
    // Given a client signing with the right access key but a wrong secret
    try (S3Client wrong =
        StackClients.s3(endpoint, stack.accessKey, stack.secretKey + "x")
            .httpClient(StackClients.trusting(caFile).build())
            .build()) {
      // When it PUTs, Then the signature does not match
      assertThatThrownBy(
              () -> wrong.putObject(b -> b.bucket(BUCKET).key("forged"), RequestBody.fromBytes(new byte[10])))
          .isInstanceOfSatisfying(
              S3Exception.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
              });
    }

    // When a plain PUT without Authorization is sent
    HttpResponse<String> unsigned =
        StackClients.jdkTrusting(caFile)
            .send(
                HttpRequest.newBuilder(endpoint.resolve("/" + BUCKET + "/anonymous"))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[10]))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    // Then it is AccessDenied with an XML body, and neither object exists
    assertThat(unsigned.statusCode()).isEqualTo(403);
    assertThat(unsigned.body()).contains("<Code>AccessDenied</Code>");
    for (String key : new String[] {"forged", "anonymous"}) {
      assertThatThrownBy(() -> s3.headObject(b -> b.bucket(BUCKET).key(key)))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }
  }

  @Test
  void sseKmsWithAnUnknownKey_isRefusedAtOnceWithKmsNotFound() {
    assertThatThrownBy(
            () ->
                s3.putObject(
                    b -> b.bucket(BUCKET).key("unknown-key")
                        .serverSideEncryption(ServerSideEncryption.AWS_KMS)
                        .ssekmsKeyId("no-such-key"),
                    RequestBody.fromBytes(new byte[100])))
        .isInstanceOfSatisfying(
            S3Exception.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("KMS.NotFoundException");
            });
    assertThatThrownBy(() -> s3.headObject(b -> b.bucket(BUCKET).key("unknown-key")))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
  }
}
