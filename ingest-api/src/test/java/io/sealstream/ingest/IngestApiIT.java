package io.sealstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealstream.blobstore.FileBlobStore;
import io.sealstream.kafka.Topics;
import io.sealstream.kafka.testing.KafkaCluster;
import io.sealstream.kafka.testing.KafkaExtension;
import io.sealstream.schemas.InProcessSchemaRegistry;
import io.sealstream.tls.DevCertificate;
import io.sealstream.tls.ServerTls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * ingest-api over real HTTP with the AWS SDK for Java v2, a real broker, and {@link
 * StubPipeline} in place of encryptor-streams and store-writer. The main endpoint is plain HTTP
 * with SSE-C explicitly allowed over it (a stub-pipeline test only); two more on the same topics
 * check the transport rule: plain HTTP with SSE-C refused, and HTTPS.
 */
@ExtendWith(KafkaExtension.class)
class IngestApiIT {
  private static final String BUCKET = "it-bucket";
  @TempDir static Path dir;
  private static IngestApi api;
  /** Plain HTTP with requireTlsForSseC, as a served endpoint behind a TLS-terminating proxy. */
  private static IngestApi strictPlain;
  /** HTTPS with the development certificate, requireTlsForSseC on. */
  private static IngestApi https;
  private static DevCertificate dev;
  private static StubPipeline pipeline;
  private static S3Client s3;
  private static final FakeKeys KEYS = new FakeKeys();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Random RANDOM = new Random(42);
  /** What the SDK sent as x-amz-content-sha256 on its last request. */
  private static volatile String lastPayloadHash;

  @BeforeAll
  static void start(KafkaCluster kafka) throws Exception {
    String prefix = "it-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    try (Admin admin = Admin.create(kafka.clientConfig())) {
      Topics.createAndAwait(admin, IngestTopics.specs(prefix), Duration.ofSeconds(60));
    }
    IngestTopics topics = IngestTopics.withPrefix(prefix);
    InProcessSchemaRegistry registry = new InProcessSchemaRegistry();
    FileBlobStore blobs = new FileBlobStore(dir.resolve("blobs"));
    pipeline = new StubPipeline(kafka.bootstrapServers(), topics, blobs, KEYS, registry);
    IngestConfig config = IngestConfig.of(kafka.bootstrapServers(), topics, blobs, KEYS, KEYS, registry);
    assertThat(config.requireTlsForSseC()).as("SSE-C needs TLS unless a test says otherwise").isTrue();
    api = new IngestApi(config.allowingSseCOverPlainHttp()).start(0);
    strictPlain = new IngestApi(config).start(0);
    dev = DevCertificate.ensure(dir.resolve("tls"), Clock.systemUTC());
    https = new IngestApi(config.withTls(ServerTls.of(dev.identity()))).start(0);
    s3 = StubClients.s3(api.port())
        .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
          @Override
          public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            context.httpRequest().firstMatchingHeader("x-amz-content-sha256").ifPresent(v -> lastPayloadHash = v);
          }
        }))
        .build();
    s3.createBucket(b -> b.bucket(BUCKET));
  }

  @AfterAll
  static void stop() throws Exception {
    if (s3 != null) {
      s3.close();
    }
    for (IngestApi a : new IngestApi[] {api, strictPlain, https}) {
      if (a != null) {
        a.close();
      }
    }
    if (pipeline != null) {
      pipeline.close();
      assertThat(pipeline.failures).isEmpty();
    }
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  private static String md5Hex(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
  }

  private HttpResponse<String> raw(String method, String path, Map<String, String> headers, byte[] body) throws Exception {
    return raw(HTTP, api.uri(), method, path, headers, body);
  }

  private static HttpResponse<String> raw(
      HttpClient client, URI endpoint, String method, String path, Map<String, String> headers, byte[] body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.resolve(path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, String> sseCHeaders(byte[] key) throws Exception {
    return Map.of(
        "x-amz-server-side-encryption-customer-algorithm", "AES256",
        "x-amz-server-side-encryption-customer-key", Base64.getEncoder().encodeToString(key),
        "x-amz-server-side-encryption-customer-key-MD5",
        Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(key)));
  }

  @Test
  void putThenGet_sseS3ByDefault_roundTripsWithMd5Etag() throws Exception {
    byte[] data = random(2 * 1024 * 1024 + 70_000);
    PutObjectResponse put = s3.putObject(b -> b.bucket(BUCKET).key("dir/a.bin").contentType("application/x-test")
        .metadata(Map.of("color", "blue")), RequestBody.fromBytes(data));
    assertThat(put.eTag()).isEqualTo("\"" + md5Hex(data) + "\"");
    assertThat(put.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
    // Over http:// with chunked encoding off, the SDK signs the payload: hex SHA-256, checked here.
    assertThat(lastPayloadHash).isEqualTo(
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));

    ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("dir/a.bin"));
    assertThat(got.asByteArray()).isEqualTo(data);
    assertThat(got.response().eTag()).isEqualTo(put.eTag());
    assertThat(got.response().contentType()).isEqualTo("application/x-test");
    assertThat(got.response().metadata()).containsEntry("color", "blue");
    assertThat(got.response().serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
    assertThat(got.response().lastModified()).isNotNull();

    HeadObjectResponse head = s3.headObject(b -> b.bucket(BUCKET).key("dir/a.bin"));
    assertThat(head.contentLength()).isEqualTo(data.length);
    assertThat(head.eTag()).isEqualTo(put.eTag());
  }

  @Test
  void rangedGet_returnsOnlyThatSlice_with206() throws Exception {
    byte[] data = random(1024 * 1024 + 5);
    s3.putObject(b -> b.bucket(BUCKET).key("ranged"), RequestBody.fromBytes(data));
    ResponseBytes<GetObjectResponse> got =
        s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("ranged").range("bytes=65530-200000"));
    assertThat(got.asByteArray()).isEqualTo(Arrays.copyOfRange(data, 65530, 200001));
    assertThat(got.response().contentRange()).isEqualTo("bytes 65530-200000/" + data.length);
    ResponseBytes<GetObjectResponse> tail = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("ranged").range("bytes=-7"));
    assertThat(tail.asByteArray()).isEqualTo(Arrays.copyOfRange(data, data.length - 7, data.length));

    assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("ranged").range("bytes=99999999-")))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(416);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRange");
        });
  }

  @Test
  void emptyObject_roundTrips() throws Exception {
    s3.putObject(b -> b.bucket(BUCKET).key("empty"), RequestBody.empty());
    ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("empty"));
    assertThat(got.asByteArray()).isEmpty();
    assertThat(got.response().eTag()).isEqualTo("\"d41d8cd98f00b204e9800998ecf8427e\"");
  }

  @Test
  void sseKms_echoesKeyArn_andEtagIsNotMd5() throws Exception {
    byte[] data = random(100_000);
    String context = Base64.getEncoder().encodeToString("{\"tenant\": \"t1\"}".getBytes(StandardCharsets.UTF_8));
    PutObjectResponse put = s3.putObject(b -> b.bucket(BUCKET).key("kms").serverSideEncryption(ServerSideEncryption.AWS_KMS)
        .ssekmsKeyId("arn:aws:kms:tenant-key").ssekmsEncryptionContext(context), RequestBody.fromBytes(data));
    assertThat(put.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
    assertThat(put.ssekmsKeyId()).isEqualTo("arn:aws:kms:tenant-key");
    assertThat(put.eTag()).isNotEqualTo("\"" + md5Hex(data) + "\"").matches("\"[0-9a-f]{32}\"");
    ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("kms"));
    assertThat(got.asByteArray()).isEqualTo(data);
    assertThat(got.response().eTag()).isEqualTo(put.eTag());
    assertThat(got.response().ssekmsKeyId()).isEqualTo("arn:aws:kms:tenant-key");
  }

  /**
   * Read-after-write across ingest-api processes: each has its own view of the objects topic, so
   * the other process learns of a PUT only when its view reads it; a miss first catches up with
   * everything committed, so a PUT (and a bucket) answered by one is readable at once through
   * the other, and a key nobody wrote is still NoSuchKey.
   */
  @Test
  void writeThroughOneProcess_isReadableAtOnceThroughAnother() throws Exception {
    try (S3Client other = StubClients.s3(strictPlain.port()).build()) {
      for (int i = 0; i < 40; i++) {
        String key = "cross-process/" + i;
        byte[] data = random(10 + i);
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(data));
        assertThat(other.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray()).as(key).isEqualTo(data);
      }
      String bucket = "cross-" + UUID.randomUUID().toString().substring(0, 8);
      s3.createBucket(b -> b.bucket(bucket));
      other.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));
      assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("v");
      assertThatThrownBy(() -> other.getObjectAsBytes(b -> b.bucket(BUCKET).key("cross-process/never-written")))
          .isInstanceOf(NoSuchKeyException.class);
    }
  }

  /**
   * SSE-C and SSE-KMS ETags are not the MD5, so the MD5 is computed only when the client sends a
   * Content-MD5: then it is still checked, in every mode, and a mismatch stores nothing.
   */
  @Test
  void contentMd5_isCheckedInEveryMode() throws Exception {
    byte[] data = random(70_000);
    byte[] key = random(32);
    String k64 = Base64.getEncoder().encodeToString(key);
    String kmd5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(key));
    String right = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
    String wrong = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(random(10)));
    Map<String, java.util.function.UnaryOperator<PutObjectRequest.Builder>> modes = Map.of(
        "s3", b -> b.serverSideEncryption(ServerSideEncryption.AES256),
        "kms", b -> b.serverSideEncryption(ServerSideEncryption.AWS_KMS),
        "c", b -> b.sseCustomerAlgorithm("AES256").sseCustomerKey(k64).sseCustomerKeyMD5(kmd5));
    for (Map.Entry<String, java.util.function.UnaryOperator<PutObjectRequest.Builder>> mode : modes.entrySet()) {
      String objectKey = "content-md5-" + mode.getKey();
      assertThatThrownBy(() -> s3.putObject(b -> mode.getValue().apply(b.bucket(BUCKET).key(objectKey)).contentMD5(wrong),
          RequestBody.fromBytes(data)))
          .as(mode.getKey())
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BadDigest"));
      assertThatThrownBy(() -> s3.headObject(b -> b.bucket(BUCKET).key(objectKey)))
          .as(mode.getKey()).isInstanceOf(NoSuchKeyException.class);

      PutObjectResponse put = s3.putObject(b -> mode.getValue().apply(b.bucket(BUCKET).key(objectKey)).contentMD5(right),
          RequestBody.fromBytes(data));
      assertThat(put.eTag()).as(mode.getKey()).matches("\"[0-9a-f]{32}\"");
      assertThat(put.eTag().equals("\"" + md5Hex(data) + "\"")).as(mode.getKey()).isEqualTo(mode.getKey().equals("s3"));
    }
  }

  @Test
  void sseC_readsOnlyWithTheSameKey_andKeyNeverOnTopic() throws Exception {
    byte[] key = random(32);
    byte[] other = random(32);
    byte[] data = random(300_000);
    String k64 = Base64.getEncoder().encodeToString(key);
    String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(key));
    PutObjectResponse put = s3.putObject(b -> b.bucket(BUCKET).key("ssec").sseCustomerAlgorithm("AES256")
        .sseCustomerKey(k64).sseCustomerKeyMD5(md5), RequestBody.fromBytes(data));
    assertThat(put.sseCustomerKeyMD5()).isEqualTo(md5);
    assertThat(put.eTag()).isNotEqualTo("\"" + md5Hex(data) + "\"");

    ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("ssec")
        .sseCustomerAlgorithm("AES256").sseCustomerKey(k64).sseCustomerKeyMD5(md5).range("bytes=70000-"));
    assertThat(got.asByteArray()).isEqualTo(Arrays.copyOfRange(data, 70000, data.length));
    assertThat(got.response().sseCustomerKeyMD5()).isEqualTo(md5);

    assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("ssec")))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRequest");
        });
    String o64 = Base64.getEncoder().encodeToString(other);
    String omd5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(other));
    assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("ssec")
        .sseCustomerAlgorithm("AES256").sseCustomerKey(o64).sseCustomerKeyMD5(omd5)))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(403);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        });
    assertThatThrownBy(() -> s3.headObject(b -> b.bucket(BUCKET).key("ssec")
        .sseCustomerAlgorithm("AES256").sseCustomerKey(o64).sseCustomerKeyMD5(omd5)))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(403));

    for (byte[] value : pipeline.rawChunks) {
      assertThat(indexOf(value, key)).as("customer key in clear on the chunks topic").isLessThan(0);
    }
  }

  @Test
  void customerKeyOnSseS3Object_isInvalidRequest() throws Exception {
    s3.putObject(b -> b.bucket(BUCKET).key("plain-s3"), RequestBody.fromBytes(random(10)));
    byte[] key = random(32);
    String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(key));
    assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(BUCKET).key("plain-s3").sseCustomerAlgorithm("AES256")
        .sseCustomerKey(Base64.getEncoder().encodeToString(key)).sseCustomerKeyMD5(md5)))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRequest"));
  }

  @Test
  void getWithSseHeader_isInvalidArgument_withXmlBodyAndRequestId() throws Exception {
    s3.putObject(b -> b.bucket(BUCKET).key("g"), RequestBody.fromBytes(random(10)));
    HttpResponse<String> r = raw("GET", "/" + BUCKET + "/g", Map.of("x-amz-server-side-encryption", "AES256"), null);
    assertThat(r.statusCode()).isEqualTo(400);
    String id = r.headers().firstValue("x-amz-request-id").orElseThrow();
    assertThat(r.body()).contains("<Code>InvalidArgument</Code>").contains("<RequestId>" + id + "</RequestId>")
        .contains("<Resource>/" + BUCKET + "/g</Resource>").doesNotContain("Exception");
  }

  @Test
  void malformedAwsChunkedPayload_isIncompleteBody_andNothingIsStored() throws Exception {
    HttpResponse<String> r = raw("PUT", "/" + BUCKET + "/s",
        Map.of("x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "Content-Encoding", "aws-chunked",
            "x-amz-decoded-content-length", "10"), "a\r\n0123456789\n\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("<Code>IncompleteBody</Code>");
    assertThatThrownBy(() -> s3.headObject(b -> b.bucket(BUCKET).key("s"))).isInstanceOf(NoSuchKeyException.class);
  }

  @Test
  void wrongPayloadSha256_isRejected_andNothingIsStored() throws Exception {
    HttpResponse<String> r = raw("PUT", "/" + BUCKET + "/bad-sha",
        Map.of("x-amz-content-sha256", "0".repeat(64)), new byte[10]);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("XAmzContentSHA256Mismatch");
    assertThatThrownBy(() -> s3.headObject(b -> b.bucket(BUCKET).key("bad-sha"))).isInstanceOf(NoSuchKeyException.class);
  }

  @Test
  void bucketLifecycle_andErrors() throws Exception {
    String name = "lifecycle-" + UUID.randomUUID().toString().substring(0, 8);
    assertThatThrownBy(() -> s3.headBucket(b -> b.bucket(name))).isInstanceOf(NoSuchBucketException.class);
    s3.createBucket(b -> b.bucket(name));
    s3.headBucket(b -> b.bucket(name));
    assertThatThrownBy(() -> s3.createBucket(b -> b.bucket(name)))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BucketAlreadyOwnedByYou"));
    s3.putObject(b -> b.bucket(name).key("x"), RequestBody.fromBytes(random(5)));
    assertThatThrownBy(() -> s3.deleteBucket(b -> b.bucket(name)))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BucketNotEmpty"));
    s3.deleteObject(b -> b.bucket(name).key("x"));
    assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket(name).key("x"))).isInstanceOf(NoSuchKeyException.class);
    s3.deleteObject(b -> b.bucket(name).key("never-existed"));
    s3.deleteBucket(b -> b.bucket(name));
    assertThatThrownBy(() -> s3.putObject(b -> b.bucket(name).key("y"), RequestBody.fromBytes(random(5))))
        .isInstanceOf(NoSuchBucketException.class);

    HttpResponse<String> bad = raw("PUT", "/Bad_Bucket", Map.of(), null);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("<Code>InvalidBucketName</Code>");
  }

  @Test
  void keyServiceDown_isServiceUnavailable() throws Exception {
    s3.putObject(b -> b.bucket(BUCKET).key("ks"), RequestBody.fromBytes(random(10)));
    KEYS.keyServiceDown = true;
    try {
      HttpResponse<String> r = raw("GET", "/" + BUCKET + "/ks", Map.of(), null);
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).contains("<Code>ServiceUnavailable</Code>");
    } finally {
      KEYS.keyServiceDown = false;
    }
  }

  @Test
  void oddKeys_areKeptByteForByte() throws Exception {
    for (String key : new String[] {"a//b", "sp ace+plus", "ünï/çødé", "dot/../x"}) {
      byte[] data = random(33);
      s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(data));
      assertThat(s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray()).as(key).isEqualTo(data);
    }
    assertThatThrownBy(() -> s3.headObject(b -> b.bucket(BUCKET).key("a/b"))).isInstanceOf(NoSuchKeyException.class);
  }

  @Test
  void sseCOverPlainHttp_isInvalidRequest_onPutGetAndHead_whenTlsIsRequired() throws Exception {
    // Given an SSE-C object (stored through the permissive endpoint) and an endpoint requiring TLS
    byte[] key = random(32);
    byte[] data = random(1000);
    raw("PUT", "/" + BUCKET + "/ssec-plain", sseCHeaders(key), data);
    assertThat(strictPlain.uri().getScheme()).isEqualTo("http");
    URI plain = strictPlain.uri();

    // When SSE-C requests reach it over plain HTTP, Then each is refused before anything happens
    HttpResponse<String> put = raw(HTTP, plain, "PUT", "/" + BUCKET + "/ssec-refused", sseCHeaders(key), data);
    assertThat(put.statusCode()).isEqualTo(400);
    assertThat(put.body()).contains("<Code>InvalidRequest</Code>").contains("secure connection");
    HttpResponse<String> get = raw(HTTP, plain, "GET", "/" + BUCKET + "/ssec-plain", sseCHeaders(key), null);
    assertThat(get.statusCode()).isEqualTo(400);
    assertThat(get.body()).contains("<Code>InvalidRequest</Code>").contains("secure connection")
        .doesNotContain(new String(data, StandardCharsets.ISO_8859_1));
    HttpResponse<String> head = raw(HTTP, plain, "HEAD", "/" + BUCKET + "/ssec-plain", sseCHeaders(key), null);
    assertThat(head.statusCode()).isEqualTo(400);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Length")).hasValue("0");
    assertThat(head.headers().firstValue("x-amz-request-id")).isPresent();

    // And the refused PUT stored nothing, while requests without SSE-C are served over HTTP
    assertThat(raw(HTTP, plain, "HEAD", "/" + BUCKET + "/ssec-refused", Map.of(), null).statusCode()).isEqualTo(404);
    assertThat(raw(HTTP, plain, "PUT", "/" + BUCKET + "/s3-over-plain", Map.of(), data).statusCode()).isEqualTo(200);
    assertThat(raw(HTTP, plain, "GET", "/" + BUCKET + "/s3-over-plain", Map.of(), null).statusCode()).isEqualTo(200);
  }

  @Test
  void sseCOverHttps_isServed_andAClientNotTrustingTheCertificateCannotConnect() throws Exception {
    assertThat(https.uri().getScheme()).isEqualTo("https");
    byte[] key = random(32);
    byte[] data = random(200_000);
    String k64 = Base64.getEncoder().encodeToString(key);
    String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(key));
    try (S3Client tls = S3Client.builder()
        .endpointOverride(https.uri())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).chunkedEncodingEnabled(false).build())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .httpClient(UrlConnectionHttpClient.builder().tlsTrustManagersProvider(() -> trustDev()).build())
        .build()) {
      PutObjectResponse put = tls.putObject(b -> b.bucket(BUCKET).key("ssec-tls").sseCustomerAlgorithm("AES256")
          .sseCustomerKey(k64).sseCustomerKeyMD5(md5), RequestBody.fromBytes(data));
      assertThat(put.sseCustomerKeyMD5()).isEqualTo(md5);
      ResponseBytes<GetObjectResponse> got = tls.getObjectAsBytes(b -> b.bucket(BUCKET).key("ssec-tls")
          .sseCustomerAlgorithm("AES256").sseCustomerKey(k64).sseCustomerKeyMD5(md5));
      assertThat(got.asByteArray()).isEqualTo(data);
      HeadObjectResponse head = tls.headObject(b -> b.bucket(BUCKET).key("ssec-tls")
          .sseCustomerAlgorithm("AES256").sseCustomerKey(k64).sseCustomerKeyMD5(md5));
      assertThat(head.contentLength()).isEqualTo(data.length);
    }

    HttpClient trusting = HttpClient.newBuilder().sslContext(dev.trust().clientContext()).build();
    assertThat(raw(trusting, https.uri(), "HEAD", "/" + BUCKET + "/ssec-tls", sseCHeaders(key), null).statusCode())
        .isEqualTo(200);
    assertThatThrownBy(() -> raw(HttpClient.newHttpClient(), https.uri(), "HEAD", "/" + BUCKET, Map.of(), null))
        .isInstanceOf(SSLHandshakeException.class);
  }

  private static javax.net.ssl.TrustManager[] trustDev() {
    try {
      return dev.trust().trustManagers();
    } catch (io.sealstream.tls.TlsConfigException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
