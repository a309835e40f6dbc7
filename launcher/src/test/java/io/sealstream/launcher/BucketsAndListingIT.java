package io.sealstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The bucket operations and listing through the whole stack (ingest-api, Kafka, encryptor,
 * store-writer, key-service), driven by the AWS SDK for Java v2: ListBuckets, GetBucketLocation,
 * bucket default encryption with a real key-service master key, ListObjectsV2 paging,
 * DeleteObjects, and DeleteBucket only when empty.
 */
class BucketsAndListingIT {
  private static final String BUCKET = "listing";
  private static final String TENANT_KEY = "tenant-listing";
  @TempDir static Path dataDir;
  private static Stack stack;
  private static S3Client s3;

  @BeforeAll
  static void start() throws Exception {
    stack = Stack.start(dataDir);
    S3Transport transport = S3Transport.devCertificate(dataDir);
    URI endpoint = stack.startIngest(0, transport);
    // a master key of our own, for the bucket default
    stack.kms.adminKeyClient().create(TENANT_KEY)
        .toCompletableFuture().join();
    s3 = StackClients.s3(endpoint, stack.accessKey, stack.secretKey)
        .httpClient(StackClients.trusting(transport.trustFile()).build())
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

  private static void put(String bucket, String key) {
    // fromString signs "Content-Type: text/plain; charset=UTF-8", which Jetty's header cache
    // used to rewrite to "...utf-8" before SigV4 saw it: this keeps that fixed
    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("data of " + key));
  }

  private static void assertS3Error(Runnable call, int status, String code) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(S3Exception.class, e -> {
      assertThat(e.statusCode()).isEqualTo(status);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
    });
  }

  @Test
  void listBuckets_andLocation() {
    s3.createBucket(b -> b.bucket("another-bucket"));
    List<Bucket> buckets = s3.listBuckets().buckets();
    assertThat(buckets).extracting(Bucket::name).contains("another-bucket", BUCKET).isSorted();
    assertThat(buckets).allSatisfy(b -> assertThat(b.creationDate()).isNotNull());
    assertThat(s3.getBucketLocation(b -> b.bucket(BUCKET)).locationConstraintAsString()).isNullOrEmpty();
  }

  @Test
  void bucketDefaultEncryption_sseKmsWithTheBucketsKey_untilDeleted() {
    String bucket = "default-kms";
    s3.createBucket(b -> b.bucket(bucket));
    assertS3Error(() -> s3.getBucketEncryption(b -> b.bucket(bucket)), 404,
        "ServerSideEncryptionConfigurationNotFoundError");

    // Given a default of SSE-KMS under our key
    s3.putBucketEncryption(b -> b.bucket(bucket).serverSideEncryptionConfiguration(c -> c.rules(r -> r
        .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS)
            .kmsMasterKeyID("arn:aws:kms:us-east-1:111122223333:key/" + TENANT_KEY)))));
    assertThat(s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration().rules().get(0)
        .applyServerSideEncryptionByDefault().kmsMasterKeyID()).isEqualTo("arn:aws:kms:" + TENANT_KEY);

    // When an object is PUT without SSE headers, Then it is stored SSE-KMS under that key
    put(bucket, "by-default");
    HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("by-default"));
    assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
    assertThat(head.ssekmsKeyId()).isEqualTo("arn:aws:kms:" + TENANT_KEY);
    assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("by-default")).asUtf8String())
        .isEqualTo("data of by-default");

    // An unknown key is refused at configuration time
    assertS3Error(() -> s3.putBucketEncryption(b -> b.bucket(bucket).serverSideEncryptionConfiguration(c -> c.rules(
        r -> r.applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS)
            .kmsMasterKeyID("no-such-master-key"))))), 400, "KMS.NotFoundException");

    // After DeleteBucketEncryption, writes are SSE-S3 again
    s3.deleteBucketEncryption(b -> b.bucket(bucket));
    assertS3Error(() -> s3.getBucketEncryption(b -> b.bucket(bucket)), 404,
        "ServerSideEncryptionConfigurationNotFoundError");
    put(bucket, "after");
    assertThat(s3.headObject(b -> b.bucket(bucket).key("after")).serverSideEncryption())
        .isEqualTo(ServerSideEncryption.AES256);
  }

  @Test
  void listObjectsV2_prefixDelimiterAndPaginator() {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      keys.add("photos/2026/" + i + ".jpg");
    }
    keys.add("photos/cover.jpg");
    keys.add("readme.txt");
    keys.add("videos/a.mp4");
    keys.forEach(k -> put(BUCKET, k));

    var top = s3.listObjectsV2(b -> b.bucket(BUCKET).delimiter("/"));
    assertThat(top.contents()).extracting(S3Object::key).containsExactly("readme.txt");
    assertThat(top.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("photos/", "videos/");

    var photos = s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("photos/").delimiter("/"));
    assertThat(photos.contents()).extracting(S3Object::key).containsExactly("photos/cover.jpg");
    assertThat(photos.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly("photos/2026/");
    assertThat(photos.contents().get(0).size()).isEqualTo("data of photos/cover.jpg".length());
    assertThat(photos.contents().get(0).eTag())
        .isEqualTo(s3.headObject(b -> b.bucket(BUCKET).key("photos/cover.jpg")).eTag());

    List<String> paged = new ArrayList<>();
    int[] pages = {0};
    s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix("photos/2026/").maxKeys(3)).forEach(page -> {
      pages[0]++;
      page.contents().forEach(o -> paged.add(o.key()));
    });
    assertThat(paged).containsExactlyElementsOf(keys.subList(0, 7));
    assertThat(pages[0]).isEqualTo(3);
  }

  @Test
  void deleteObjects_verboseAndQuiet_thenTheBucketDeletesOnlyWhenEmpty() {
    String bucket = "deletions";
    s3.createBucket(b -> b.bucket(bucket));
    for (String k : List.of("a", "b", "c", "d")) {
      put(bucket, k);
    }
    assertS3Error(() -> s3.deleteBucket(b -> b.bucket(bucket)), 409, "BucketNotEmpty");

    DeleteObjectsResponse verbose = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(
        ObjectIdentifier.builder().key("a").build(), ObjectIdentifier.builder().key("b").build(),
        ObjectIdentifier.builder().key("absent").build())));
    assertThat(verbose.deleted()).extracting(o -> o.key()).containsExactly("a", "b", "absent");
    assertThat(verbose.errors()).isEmpty();
    assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(S3Object::key)
        .containsExactly("c", "d");
    assertS3Error(() -> s3.deleteBucket(b -> b.bucket(bucket)), 409, "BucketNotEmpty");

    DeleteObjectsResponse quiet = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.quiet(true).objects(
        ObjectIdentifier.builder().key("c").build(), ObjectIdentifier.builder().key("d").build())));
    assertThat(quiet.deleted()).isEmpty();
    assertThat(quiet.errors()).isEmpty();

    s3.deleteBucket(b -> b.bucket(bucket));
    assertThat(s3.listBuckets().buckets()).extracting(Bucket::name).doesNotContain(bucket);
  }
}
