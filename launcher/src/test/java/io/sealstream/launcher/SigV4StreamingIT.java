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
  private static S3Client plainS3;
  private static S3Presigner presigner;
  private static HttpClient http;
  /** The x-amz-content-sha256 of each PUT the client sent, by object key. */
  private static final Map<String, String> PAYLOAD_MODES = new java.util.concurrent.ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    new Random(43).nextBytes(CUSTOMER_KEY);
    stack = Stack.start(dataDir);
    S3Transport transport = S3Transport.devCertificate(dataDir);
    URI endpoint = stack.startIngest(0, transport);
    // the same stack over plain HTTP too: there the SDK signs every chunk (over HTTPS it sends
    // unsigned chunks with a checksum trailer), so both payload forms go through the pipeline
    URI plainEndpoint = stack.startIngest(0, S3Transport.plainHttp());
    http = StackClients.jdkTrusting(transport.trustFile());
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
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
            .overrideConfiguration(c -> c.addExecutionInterceptor(recordPayloadMode))
            .httpClient(StackClients.trusting(transport.trustFile()).build())
            .build();
    plainS3 =
        S3Client.builder()
            .endpointOverride(plainEndpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
            .overrideConfiguration(c -> c.addExecutionInterceptor(recordPayloadMode))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    presigner =
        S3Presigner.builder()
            .endpointOverride(endpoint)
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
    if (plainS3 != null) {
      plainS3.close();
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

    // When the default client PUTs it (aws-chunked with a CRC32 trailer; over plain HTTP with
    // signed chunks, which SSE-C may not use) and reads it back
    boolean signedChunks = !mode.equals("SSE-C");
    S3Client client = signedChunks ? plainS3 : s3;
    PutObjectResponse response = client.putObject(put.build(), RequestBody.fromBytes(data));
    byte[] read;
    try (InputStream in = s3.getObject(get.build())) {
      read = in.readAllBytes();
    }

    // Then it went as a streaming upload, the checksum is echoed, and the bytes are the same
    assertThat(PAYLOAD_MODES.get("/" + BUCKET + "/" + key)).isEqualTo(signedChunks
        ? "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER" : "STREAMING-UNSIGNED-PAYLOAD-TRAILER");
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(data);
    assertThat(response.checksumCRC32()).isEqualTo(
        Base64.getEncoder().encodeToString(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array()));
    assertThat(read.length).isEqualTo(size);
    assertThat(sha256(read)).isEqualTo(sha256(data));
  }

  @Test
  void defaultSdkMultipartUpload_withPartChecksums_completesAndReadsBack() throws Exception {
    // the SDK's defaults: a checksum algorithm chosen at Create, each part aws-chunked with a
    // checksum trailer, the parts' checksums sent again in Complete
    byte[] p1 = new byte[5 * 1024 * 1024];
    byte[] p2 = new byte[12_345];
    new Random(71).nextBytes(p1);
    new Random(72).nextBytes(p2);
    String key = "multipart/defaults";
    String uploadId = s3.createMultipartUpload(b -> b.bucket(BUCKET).key(key)
        .checksumAlgorithm(software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.CRC32))
        .uploadId();
    var r1 = s3.uploadPart(b -> b.bucket(BUCKET).key(key).uploadId(uploadId).partNumber(1)
        .checksumAlgorithm(software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.CRC32),
        RequestBody.fromBytes(p1));
    var r2 = s3.uploadPart(b -> b.bucket(BUCKET).key(key).uploadId(uploadId).partNumber(2)
        .checksumAlgorithm(software.amazon.awssdk.services.s3.model.ChecksumAlgorithm.CRC32),
        RequestBody.fromBytes(p2));
    s3.completeMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(uploadId)
        .multipartUpload(m -> m.parts(
            software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(1)
                .eTag(r1.eTag()).checksumCRC32(r1.checksumCRC32()).build(),
            software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(2)
                .eTag(r2.eTag()).checksumCRC32(r2.checksumCRC32()).build())));

    byte[] read;
    try (InputStream in = s3.getObject(b -> b.bucket(BUCKET).key(key))) {
      read = in.readAllBytes();
    }
    java.io.ByteArrayOutputStream both = new java.io.ByteArrayOutputStream();
    both.writeBytes(p1);
    both.writeBytes(p2);
    assertThat(PAYLOAD_MODES.get("/" + BUCKET + "/" + key)).isEqualTo("STREAMING-UNSIGNED-PAYLOAD-TRAILER");
    assertThat(sha256(read)).isEqualTo(sha256(both.toByteArray()));
  }

  @Test
  void presignedPutThenPresignedGet_withJavaNetHttp_roundTrip() throws Exception {
    byte[] data = new byte[300_000];
    new Random(5).nextBytes(data);
    PresignedPutObjectRequest put = presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5))
        .putObjectRequest(r -> r.bucket(BUCKET).key("presigned/a b.bin")));
    PresignedGetObjectRequest get = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
        .getObjectRequest(r -> r.bucket(BUCKET).key("presigned/a b.bin")));

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
