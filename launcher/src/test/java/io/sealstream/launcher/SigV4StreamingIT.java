package io.sealstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * The whole stack against the AWS SDK for Java v2 with its DEFAULT settings: aws-chunked bodies
 * with signed chunks and a signed checksum trailer (what the SDK sends over http://; over
 * https:// it sends unsigned chunks with the trailer), in each SSE mode, read back byte-exact;
 * and presigned GET and PUT URLs from {@link S3Presigner}, used with java.net.http.
 */
class SigV4StreamingIT {
  private static final String BUCKET = "streaming";
  private static final byte[] CUSTOMER_KEY = new byte[32];
  @TempDir static Path dataDir;
  private static Stack stack;
  private static S3Client s3;
  private static S3Presigner presigner;
  private static int port;
  /** The x-amz-content-sha256 of each PUT the client sent, by object key. */
  private static final Map<String, String> PAYLOAD_MODES = new java.util.concurrent.ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    new Random(43).nextBytes(CUSTOMER_KEY);
    stack = Stack.start(dataDir);
    port = stack.startIngest(0);
    StaticCredentialsProvider credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create(stack.accessKey, stack.secretKey));
    ExecutionInterceptor recordPayloadMode = new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        SdkHttpRequest r = context.httpRequest();
        if (r.method().name().equals("PUT")) {
          r.firstMatchingHeader("x-amz-content-sha256").ifPresent(v -> PAYLOAD_MODES.put(r.encodedPath(), v));
        }
      }
    };
    // Defaults everywhere except the path-style addressing a local endpoint needs.
    s3 =
        S3Client.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + port))
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
            .overrideConfiguration(c -> c.addExecutionInterceptor(recordPayloadMode))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    presigner =
        S3Presigner.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + port))
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
            .build();
    s3.createBucket(b -> b.bucket(BUCKET));
  }

  @AfterAll
  static void stop() {
    if (presigner != null) {
      presigner.close();
    }
    if (s3 != null) {
      s3.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  static Stream<Arguments> sizesAndModes() {
    int[] sizes = {0, 1, 65_536 + 1, 5 * 1024 * 1024 + 3};
    return Stream.of("SSE-S3", "SSE-KMS", "SSE-C")
        .flatMap(mode -> Arrays.stream(sizes).mapToObj(size -> Arguments.of(mode, size)));
  }

  private static String customerKeyB64() {
    return Base64.getEncoder().encodeToString(CUSTOMER_KEY);
  }

  private static String customerKeyMd5() throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(CUSTOMER_KEY));
  }

  private static byte[] sha256(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(b);
  }

  @ParameterizedTest(name = "{0}, {1} bytes")
  @MethodSource("sizesAndModes")
  void defaultSdkPut_awsChunkedWithChecksumTrailer_readsBackByteExact(String mode, int size) throws Exception {
    // Given an object of that size
    byte[] data = new byte[size];
    new Random(size * 17L + mode.hashCode()).nextBytes(data);
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

    // When the default client PUTs it (aws-chunked, signed chunks, CRC32 trailer) and reads it back
    PutObjectResponse response = s3.putObject(put.build(), RequestBody.fromBytes(data));
    byte[] read;
    try (InputStream in = s3.getObject(get.build())) {
      read = in.readAllBytes();
    }

    // Then it went as a streaming upload, the checksum is echoed, and the bytes are the same
    assertThat(PAYLOAD_MODES.get("/" + BUCKET + "/" + key))
        .isEqualTo("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER");
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(data);
    assertThat(response.checksumCRC32()).isEqualTo(
        Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array()));
    assertThat(read.length).isEqualTo(size);
    assertThat(sha256(read)).isEqualTo(sha256(data));
  }

  @Test
  void presignedPutThenPresignedGet_withJavaNetHttp_roundTrip() throws Exception {
    byte[] data = new byte[300_000];
    new Random(5).nextBytes(data);
    PresignedPutObjectRequest put = presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5))
        .putObjectRequest(r -> r.bucket(BUCKET).key("presigned/a b.bin")));
    PresignedGetObjectRequest get = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
        .getObjectRequest(r -> r.bucket(BUCKET).key("presigned/a b.bin")));
    HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> putResponse = http.send(
        withSignedHeaders(HttpRequest.newBuilder(put.url().toURI()), put.signedHeaders())
            .PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(putResponse.statusCode()).as(putResponse.body()).isEqualTo(200);

    HttpResponse<byte[]> getResponse = http.send(
        withSignedHeaders(HttpRequest.newBuilder(get.url().toURI()), get.signedHeaders()).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(getResponse.statusCode()).isEqualTo(200);
    assertThat(sha256(getResponse.body())).isEqualTo(sha256(data));
  }

  private static HttpRequest.Builder withSignedHeaders(HttpRequest.Builder b, Map<String, List<String>> headers) {
    // host is set by the client itself (and java.net.http refuses to set it)
    headers.forEach((name, values) -> {
      if (!name.equalsIgnoreCase("host")) {
        values.forEach(v -> b.header(name, v));
      }
    });
    return b;
  }

  @Test
  void expiredPresignedUrl_isAccessDenied_andTamperedIsSignatureDoesNotMatch() throws Exception {
    s3.putObject(b -> b.bucket(BUCKET).key("presigned/expiring"), RequestBody.fromBytes(new byte[10]));
    PresignedGetObjectRequest get = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofSeconds(1))
        .getObjectRequest(r -> r.bucket(BUCKET).key("presigned/expiring")));
    HttpClient http = HttpClient.newHttpClient();
    Thread.sleep(2_100);

    HttpResponse<String> expired = http.send(HttpRequest.newBuilder(get.url().toURI()).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(expired.statusCode()).isEqualTo(403);
    assertThat(expired.body()).contains("<Code>AccessDenied</Code>").contains("Request has expired");

    PresignedGetObjectRequest fresh = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
        .getObjectRequest(r -> r.bucket(BUCKET).key("presigned/expiring")));
    String url = fresh.url().toString();
    URI tampered = URI.create(url.replace("presigned/expiring", "presigned/expirinG"));
    HttpResponse<String> forged = http.send(HttpRequest.newBuilder(tampered).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("<Code>SignatureDoesNotMatch</Code>");
  }
}
