package io.sealstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealstream.blobstore.FileBlobStore;
import io.sealstream.channel.ExternalKey;
import io.sealstream.channel.NotAuthenticException;
import io.sealstream.kafka.Topics;
import io.sealstream.kafka.testing.KafkaCluster;
import io.sealstream.kafka.testing.KafkaExtension;
import io.sealstream.keymaterial.KeyMaterialSource;
import io.sealstream.keymaterial.KeyUnavailableException;
import io.sealstream.keymaterial.UnknownMasterKeyException;
import io.sealstream.schemas.InProcessSchemaRegistry;
import io.sealstream.schemas.WrappedKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetBucketEncryptionResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The bucket operations, listing and DeleteObjects over real HTTP with the AWS SDK for Java v2,
 * a real broker and {@link StubPipeline} in place of encryptor-streams and store-writer.
 */
@ExtendWith(KafkaExtension.class)
class BucketOperationsIT {
  private static final String MISSING_KEY = "missing-key";
  @TempDir static Path dir;
  private static IngestApi api;
  private static StubPipeline pipeline;
  private static S3Client s3;
  private static final FakeKeys FAKE = new FakeKeys();
  private static final Keys KEYS = new Keys();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** {@link FakeKeys}, plus one master key that key-service does not know. */
  private static final class Keys implements KeyMaterialSource, CustomerKeyWrapper {
    @Override
    public BucketKey bucketKey(String bucket, String masterKeyId, String clientContext) {
      if (MISSING_KEY.equals(masterKeyId)) {
        throw new UnknownMasterKeyException(masterKeyId);
      }
      return FAKE.bucketKey(bucket, masterKeyId, clientContext);
    }

    @Override
    public ExternalKey openBucketKey(String bucket, String masterKeyId, byte[] ciphertext, String context)
        throws KeyUnavailableException, NotAuthenticException {
      return FAKE.openBucketKey(bucket, masterKeyId, ciphertext, context);
    }

    @Override
    public ExternalKey unwrapCustomerKey(WrappedKey wrapped, String uploadId) throws NotAuthenticException {
      return FAKE.unwrapCustomerKey(wrapped, uploadId);
    }

    @Override
    public WrappedKey wrap(byte[] customerKey32, String uploadId) {
      return FAKE.wrap(customerKey32, uploadId);
    }
  }

  @BeforeAll
  static void start(KafkaCluster kafka) throws Exception {
    String prefix = "bit-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    try (Admin admin = Admin.create(kafka.clientConfig())) {
      Topics.createAndAwait(admin, IngestTopics.specs(prefix), Duration.ofSeconds(60));
    }
    IngestTopics topics = IngestTopics.withPrefix(prefix);
    InProcessSchemaRegistry registry = new InProcessSchemaRegistry();
    FileBlobStore blobs = new FileBlobStore(dir.resolve("blobs"));
    pipeline = new StubPipeline(kafka.bootstrapServers(), topics, blobs, KEYS, registry);
    // plain HTTP against the stub pipeline: SSE-C allowed here only (the real stack refuses it)
    api = new IngestApi(IngestConfig.of(kafka.bootstrapServers(), topics, blobs, KEYS, KEYS, registry)
        .allowingSseCOverPlainHttp()).start(0);
    s3 = StubClients.s3(api.port()).build();
  }

  @AfterAll
  static void stop() {
    if (s3 != null) {
      s3.close();
    }
    if (api != null) {
      api.close();
    }
    if (pipeline != null) {
      pipeline.close();
      assertThat(pipeline.failures).isEmpty();
    }
  }

  private static String newBucket(String name) {
    String b = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    s3.createBucket(r -> r.bucket(b));
    return b;
  }

  private static void put(String bucket, String key, String body) {
    s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(body));
  }

  private static HttpResponse<String> raw(String method, String pathAndQuery, Map<String, String> headers, byte[] body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + pathAndQuery))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Map<String, String> md5Header(byte[] body) throws Exception {
    return Map.of("Content-MD5", Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body)));
  }

  private static void assertS3Error(Runnable call, int status, String code) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(S3Exception.class, e -> {
      assertThat(e.statusCode()).isEqualTo(status);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
    });
  }

  // ------------------------------------------------------------------ buckets

  @Test
  void listBuckets_isSortedWithCreationDates_andLocationIsUsEast1() {
    String z = newBucket("zz-list");
    String a = newBucket("aa-list");
    List<Bucket> buckets = s3.listBuckets().buckets();
    List<String> names = buckets.stream().map(Bucket::name).toList();
    assertThat(names).contains(a, z).isSorted();
    assertThat(buckets).allSatisfy(b -> assertThat(b.creationDate()).isNotNull());
    assertThat(s3.listBuckets().owner().id()).isNotEmpty();

    assertThat(s3.getBucketLocation(r -> r.bucket(a)).locationConstraintAsString()).isNullOrEmpty();
    assertS3Error(() -> s3.getBucketLocation(r -> r.bucket("no-such-bucket-here")), 404, "NoSuchBucket");
  }

  // ------------------------------------------------------------------ bucket encryption

  @Test
  void bucketEncryption_putGetDelete_andTheDefaultAppliesToWritesWithoutSseHeaders() {
    String bucket = newBucket("enc");
    assertS3Error(() -> s3.getBucketEncryption(r -> r.bucket(bucket)), 404,
        "ServerSideEncryptionConfigurationNotFoundError");

    s3.putBucketEncryption(r -> r.bucket(bucket).serverSideEncryptionConfiguration(c -> c.rules(rule -> rule
        .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS)
            .kmsMasterKeyID("arn:aws:kms:us-east-1:111122223333:key/tenant-b")).bucketKeyEnabled(true))));
    GetBucketEncryptionResponse got = s3.getBucketEncryption(r -> r.bucket(bucket));
    var applied = got.serverSideEncryptionConfiguration().rules().get(0).applyServerSideEncryptionByDefault();
    assertThat(applied.sseAlgorithm()).isEqualTo(ServerSideEncryption.AWS_KMS);
    assertThat(applied.kmsMasterKeyID()).isEqualTo("arn:aws:kms:tenant-b");

    put(bucket, "by-default", "x");
    HeadObjectResponse head = s3.headObject(r -> r.bucket(bucket).key("by-default"));
    assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
    assertThat(head.ssekmsKeyId()).isEqualTo("arn:aws:kms:tenant-b");

    s3.putObject(r -> r.bucket(bucket).key("explicit").serverSideEncryption(ServerSideEncryption.AES256),
        RequestBody.fromString("y"));
    assertThat(s3.headObject(r -> r.bucket(bucket).key("explicit")).serverSideEncryption())
        .as("explicit headers win").isEqualTo(ServerSideEncryption.AES256);

    s3.deleteBucketEncryption(r -> r.bucket(bucket));
    assertS3Error(() -> s3.getBucketEncryption(r -> r.bucket(bucket)), 404,
        "ServerSideEncryptionConfigurationNotFoundError");
    put(bucket, "after-delete", "z");
    assertThat(s3.headObject(r -> r.bucket(bucket).key("after-delete")).serverSideEncryption())
        .isEqualTo(ServerSideEncryption.AES256);
    assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket).key("by-default")).asUtf8String())
        .as("the earlier object still reads").isEqualTo("x");
  }

  @Test
  void bucketEncryption_badConfigurations_areRefused() throws Exception {
    String bucket = newBucket("enc-bad");
    assertS3Error(() -> s3.putBucketEncryption(r -> r.bucket(bucket).serverSideEncryptionConfiguration(c -> c.rules(
        rule -> rule.applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS)
            .kmsMasterKeyID(MISSING_KEY))))), 400, "KMS.NotFoundException");
    assertS3Error(() -> s3.putBucketEncryption(r -> r.bucket(bucket).serverSideEncryptionConfiguration(c -> c.rules(
        rule -> rule.applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS_DSSE))))),
        400, "InvalidArgument");

    byte[] malformed = "<ServerSideEncryptionConfiguration><Rule>".getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> r = raw("PUT", "/" + bucket + "?encryption", md5Header(malformed), malformed);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("<Code>MalformedXML</Code>");

    byte[] good = ("<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault>"
        + "<SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule>"
        + "</ServerSideEncryptionConfiguration>").getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> noMd5 = raw("PUT", "/" + bucket + "?encryption", Map.of(), good);
    assertThat(noMd5.statusCode()).isEqualTo(400);
    assertThat(noMd5.body()).contains("<Code>InvalidRequest</Code>");
    assertS3Error(() -> s3.getBucketEncryption(x -> x.bucket(bucket)), 404,
        "ServerSideEncryptionConfigurationNotFoundError");

    assertThat(raw("PUT", "/" + bucket + "?encryption", md5Header(good), good).statusCode()).isEqualTo(200);
    assertThat(s3.getBucketEncryption(x -> x.bucket(bucket)).serverSideEncryptionConfiguration().rules().get(0)
        .applyServerSideEncryptionByDefault().sseAlgorithm()).isEqualTo(ServerSideEncryption.AES256);
  }

  // ------------------------------------------------------------------ listing

  @Test
  void listObjectsV2_prefixDelimiter_andPagingWithThePaginator() throws Exception {
    String bucket = newBucket("list");
    List<String> keys = List.of("a.txt", "dir/1", "dir/2", "dir/sub/3", "sp ace+plus&<x>", "z", "ünï/x");
    for (String k : keys) {
      put(bucket, k, "data-" + k);
    }

    ListObjectsV2Response top = s3.listObjectsV2(r -> r.bucket(bucket).delimiter("/"));
    assertThat(top.contents()).extracting(S3Object::key).containsExactly("a.txt", "sp ace+plus&<x>", "z");
    assertThat(top.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("dir/", "ünï/");
    assertThat(top.keyCount()).isEqualTo(5);
    assertThat(top.isTruncated()).isFalse();

    ListObjectsV2Response dir = s3.listObjectsV2(r -> r.bucket(bucket).prefix("dir/").delimiter("/"));
    assertThat(dir.contents()).extracting(S3Object::key).containsExactly("dir/1", "dir/2");
    assertThat(dir.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("dir/sub/");
    S3Object one = dir.contents().get(0);
    assertThat(one.size()).isEqualTo("data-dir/1".length());
    assertThat(one.eTag()).isEqualTo(s3.headObject(r -> r.bucket(bucket).key("dir/1")).eTag());
    assertThat(one.lastModified()).isNotNull();
    assertThat(one.storageClassAsString()).isEqualTo("STANDARD");
    assertThat(one.owner()).as("no fetch-owner").isNull();
    assertThat(s3.listObjectsV2(r -> r.bucket(bucket).prefix("dir/").fetchOwner(true)).contents().get(0).owner())
        .isNotNull();

    List<String> paged = new ArrayList<>();
    int[] pages = {0};
    s3.listObjectsV2Paginator(r -> r.bucket(bucket).maxKeys(2)).forEach(page -> {
      pages[0]++;
      page.contents().forEach(o -> paged.add(o.key()));
    });
    assertThat(paged).containsExactlyElementsOf(keys);
    assertThat(pages[0]).isEqualTo(4);

    List<String> pagedWithDelimiter = new ArrayList<>();
    s3.listObjectsV2Paginator(r -> r.bucket(bucket).delimiter("/").maxKeys(1)).forEach(page -> {
      page.contents().forEach(o -> pagedWithDelimiter.add(o.key()));
      page.commonPrefixes().forEach(p -> pagedWithDelimiter.add(p.prefix()));
    });
    assertThat(pagedWithDelimiter).containsExactly("a.txt", "dir/", "sp ace+plus&<x>", "z", "ünï/");

    assertThat(s3.listObjectsV2(r -> r.bucket(bucket).startAfter("dir/2")).contents()).extracting(S3Object::key)
        .containsExactly("dir/sub/3", "sp ace+plus&<x>", "z", "ünï/x");
    assertThat(s3.listObjectsV2(r -> r.bucket(bucket).maxKeys(0)).contents()).isEmpty();
  }

  @Test
  void listObjectsV1_markerAndNextMarker() {
    String bucket = newBucket("list-v1");
    for (String k : List.of("a", "b/1", "b/2", "c")) {
      put(bucket, k, k);
    }
    ListObjectsResponse first = s3.listObjects(r -> r.bucket(bucket).delimiter("/").maxKeys(2));
    assertThat(first.contents()).extracting(S3Object::key).containsExactly("a");
    assertThat(first.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("b/");
    assertThat(first.isTruncated()).isTrue();
    assertThat(first.nextMarker()).isEqualTo("b/");
    assertThat(first.contents().get(0).owner()).isNotNull();
    ListObjectsResponse second = s3.listObjects(r -> r.bucket(bucket).delimiter("/").maxKeys(2).marker("b/"));
    assertThat(second.contents()).extracting(S3Object::key).containsExactly("c");
    assertThat(second.isTruncated()).isFalse();
    assertThat(s3.listObjects(r -> r.bucket(bucket).marker("b/1")).contents()).extracting(S3Object::key)
        .containsExactly("b/2", "c");
  }

  @Test
  void listing_urlEncoding_badParameters_andEtagsOfEveryMode() throws Exception {
    String bucket = newBucket("list-raw");
    put(bucket, "sp ace+plus/é", "x");
    HttpResponse<String> encoded = raw("GET", "/" + bucket + "?list-type=2&encoding-type=url", Map.of(), null);
    assertThat(encoded.statusCode()).isEqualTo(200);
    assertThat(encoded.body()).contains("<Key>sp%20ace%2Bplus/%C3%A9</Key>").contains("<EncodingType>url</EncodingType>");

    for (String query : new String[] {"list-type=2&max-keys=-1", "list-type=2&max-keys=x", "list-type=3",
        "list-type=2&continuation-token=!!", "list-type=2&encoding-type=base64"}) {
      HttpResponse<String> r = raw("GET", "/" + bucket + "?" + query, Map.of(), null);
      assertThat(r.statusCode()).as(query).isEqualTo(400);
      assertThat(r.body()).as(query).contains("<Code>InvalidArgument</Code>");
    }
    assertThat(raw("GET", "/no-such-bucket-x?list-type=2", Map.of(), null).statusCode()).isEqualTo(404);

    byte[] customer = new byte[32];
    customer[0] = 7;
    String k64 = Base64.getEncoder().encodeToString(customer);
    String kmd5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(customer));
    Map<String, String> etags = new HashMap<>();
    etags.put("s3", s3.putObject(r -> r.bucket(bucket).key("m/s3"), RequestBody.fromString("one")).eTag());
    etags.put("kms", s3.putObject(r -> r.bucket(bucket).key("m/kms").serverSideEncryption(ServerSideEncryption.AWS_KMS),
        RequestBody.fromString("two")).eTag());
    etags.put("c", s3.putObject(r -> r.bucket(bucket).key("m/c").sseCustomerAlgorithm("AES256").sseCustomerKey(k64)
        .sseCustomerKeyMD5(kmd5), RequestBody.fromString("three")).eTag());
    Map<String, String> listed = new HashMap<>();
    s3.listObjectsV2(r -> r.bucket(bucket).prefix("m/")).contents()
        .forEach(o -> listed.put(o.key().substring(2), o.eTag()));
    assertThat(listed).isEqualTo(etags);

    // key-service down: the SSE-S3 object's ETag cannot be computed, the listing still answers
    FAKE.keyServiceDown = true;
    try {
      Map<String, String> degraded = new HashMap<>();
      s3.listObjectsV2(r -> r.bucket(bucket).prefix("m/")).contents()
          .forEach(o -> degraded.put(o.key().substring(2), o.eTag()));
      assertThat(degraded).containsEntry("s3", "").containsEntry("kms", etags.get("kms"));
    } finally {
      FAKE.keyServiceDown = false;
    }
  }

  // ------------------------------------------------------------------ DeleteObjects

  @Test
  void deleteObjects_verboseAndQuiet_andDeleteBucketOnlyWhenEmpty() {
    String bucket = newBucket("del");
    for (String k : List.of("x", "y", "z", "w")) {
      put(bucket, k, k);
    }
    assertS3Error(() -> s3.deleteBucket(r -> r.bucket(bucket)), 409, "BucketNotEmpty");

    DeleteObjectsResponse verbose = s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(
        ObjectIdentifier.builder().key("x").build(), ObjectIdentifier.builder().key("y").build(),
        ObjectIdentifier.builder().key("never-existed").build())));
    assertThat(verbose.deleted()).extracting(o -> o.key()).containsExactly("x", "y", "never-existed");
    assertThat(verbose.errors()).isEmpty();
    assertThatThrownBy(() -> s3.headObject(r -> r.bucket(bucket).key("x"))).isInstanceOf(NoSuchKeyException.class);
    assertThat(s3.listObjectsV2(r -> r.bucket(bucket)).contents()).extracting(S3Object::key).containsExactly("w", "z");

    DeleteObjectsResponse quiet = s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.quiet(true).objects(
        ObjectIdentifier.builder().key("z").build(), ObjectIdentifier.builder().key("w").build())));
    assertThat(quiet.deleted()).isEmpty();
    assertThat(quiet.errors()).isEmpty();
    assertThat(s3.listObjectsV2(r -> r.bucket(bucket)).contents()).isEmpty();
    s3.deleteBucket(r -> r.bucket(bucket));
  }

  @Test
  void deleteObjects_refusesWhatS3Refuses_andXxe() throws Exception {
    String bucket = newBucket("del-bad");
    put(bucket, "keep", "k");
    byte[] body = "<Delete><Object><Key>keep</Key></Object></Delete>".getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> noMd5 = raw("POST", "/" + bucket + "?delete", Map.of(), body);
    assertThat(noMd5.statusCode()).isEqualTo(400);
    assertThat(noMd5.body()).contains("<Code>InvalidRequest</Code>")
        .contains("Missing required header for this request: Content-Md5.");

    Map<String, String> wrongMd5 = md5Header("other".getBytes(StandardCharsets.UTF_8));
    assertThat(raw("POST", "/" + bucket + "?delete", wrongMd5, body).body()).contains("<Code>BadDigest</Code>");

    StringBuilder many = new StringBuilder("<Delete>");
    for (int i = 0; i < 1001; i++) {
      many.append("<Object><Key>k").append(i).append("</Key></Object>");
    }
    byte[] tooMany = many.append("</Delete>").toString().getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> r = raw("POST", "/" + bucket + "?delete", md5Header(tooMany), tooMany);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("<Code>MalformedXML</Code>");

    Path secret = java.nio.file.Files.writeString(dir.resolve("secret.txt"), "SECRET-ON-DISK");
    byte[] xxe = ("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
        + "<Delete><Object><Key>&x;</Key></Object></Delete>").getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> refused = raw("POST", "/" + bucket + "?delete", md5Header(xxe), xxe);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("<Code>MalformedXML</Code>").doesNotContain("SECRET-ON-DISK");

    byte[] withEmpty = "<Delete><Object><Key></Key></Object><Object><Key>keep</Key></Object></Delete>"
        .getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> partial = raw("POST", "/" + bucket + "?delete", md5Header(withEmpty), withEmpty);
    assertThat(partial.statusCode()).isEqualTo(200);
    assertThat(partial.body()).contains("<Error><Key></Key><Code>InvalidArgument</Code>")
        .contains("<Deleted><Key>keep</Key></Deleted>");
    assertThat(raw("POST", "/no-such-bucket-y?delete", md5Header(body), body).statusCode()).isEqualTo(404);
  }
}
