package io.sealstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealstream.ingest.GcPolicy;
import io.sealstream.ingest.GcReport;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Multipart uploads and copies through the whole stack with the AWS SDK for Java v2: parts sealed
 * under part keys, a part uploaded twice, complete with every check S3 makes, ranges across part
 * boundaries, GET ?partNumber, abort, list parts and uploads, upload part copy and CopyObject
 * between modes, and SSE-C key rotation in place.
 */
class MultipartAndCopyIT {
  private static final String BUCKET = "multipart";
  private static final int MIB = 1 << 20;
  private static final byte[] CUSTOMER_KEY = new byte[32];
  private static final byte[] OTHER_KEY = new byte[32];
  @TempDir static Path dataDir;
  private static Stack stack;
  private static S3Client s3;

  @BeforeAll
  static void start() throws Exception {
    new Random(1).nextBytes(CUSTOMER_KEY);
    new Random(2).nextBytes(OTHER_KEY);
    stack = Stack.start(dataDir);
    // garbage collection on demand only, no grace, uploads abandoned at once: gc_... drives it
    S3Transport transport = S3Transport.devCertificate(dataDir);
    URI endpoint = stack.startIngest(0, transport, GcPolicy.manual(java.time.Duration.ZERO));
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

  // ---------------------------------------------------------------- helpers

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  private static String md5b64(byte[] b) throws Exception {
    return b64(MessageDigest.getInstance("MD5").digest(b));
  }

  private static String sha256(byte[] b) throws Exception {
    return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  /** The SSE-C trio of {@code key} for a request builder that has the three setters. */
  private record Trio(String algorithm, String key, String md5) {
    static Trio of(byte[] key) throws Exception {
      return new Trio("AES256", b64(key), md5b64(key));
    }
  }

  private static String create(String key, String mode) throws Exception {
    CreateMultipartUploadRequest.Builder b =
        CreateMultipartUploadRequest.builder().bucket(BUCKET).key(key).contentType("video/mp4")
            .metadata(java.util.Map.of("origin", "camera-7"));
    switch (mode) {
      case "SSE-S3" -> b.serverSideEncryption(ServerSideEncryption.AES256);
      case "SSE-KMS" -> b.serverSideEncryption(ServerSideEncryption.AWS_KMS);
      default -> {
        Trio t = Trio.of(CUSTOMER_KEY);
        b.sseCustomerAlgorithm(t.algorithm()).sseCustomerKey(t.key()).sseCustomerKeyMD5(t.md5());
      }
    }
    return s3.createMultipartUpload(b.build()).uploadId();
  }

  private static String uploadPart(String key, String uploadId, int number, byte[] data,
      byte[] customerKey) throws Exception {
    UploadPartRequest.Builder b = UploadPartRequest.builder().bucket(BUCKET).key(key)
        .uploadId(uploadId).partNumber(number);
    if (customerKey != null) {
      Trio t = Trio.of(customerKey);
      b.sseCustomerAlgorithm(t.algorithm()).sseCustomerKey(t.key()).sseCustomerKeyMD5(t.md5());
    }
    return s3.uploadPart(b.build(), RequestBody.fromBytes(data)).eTag();
  }

  private static void complete(String key, String uploadId, CompletedPart... parts) {
    s3.completeMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(uploadId)
        .multipartUpload(m -> m.parts(parts)));
  }

  private static CompletedPart part(int number, String etag) {
    return CompletedPart.builder().partNumber(number).eTag(etag).build();
  }

  private static byte[] get(String key, byte[] customerKey, Consumer<GetObjectRequest.Builder> more)
      throws Exception {
    GetObjectRequest.Builder b = GetObjectRequest.builder().bucket(BUCKET).key(key);
    if (customerKey != null) {
      Trio t = Trio.of(customerKey);
      b.sseCustomerAlgorithm(t.algorithm()).sseCustomerKey(t.key()).sseCustomerKeyMD5(t.md5());
    }
    more.accept(b);
    return s3.getObjectAsBytes(b.build()).asByteArray();
  }

  private static int status(Runnable r) {
    try {
      r.run();
    } catch (S3Exception e) {
      return e.statusCode();
    }
    return 200;
  }

  private static String code(Runnable r) {
    try {
      r.run();
    } catch (S3Exception e) {
      return e.awsErrorDetails().errorCode();
    }
    return "none";
  }

  // ---------------------------------------------------------------- tests

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"SSE-S3", "SSE-KMS", "SSE-C"})
  void threeParts_oneUploadedTwice_completeToTheBytesOfTheLastAttempts(String mode) throws Exception {
    // Given an upload of three parts, part 2 uploaded twice with different bytes
    String key = "movies/" + mode + ".mp4";
    byte[] customer = mode.equals("SSE-C") ? CUSTOMER_KEY : null;
    String uploadId = create(key, mode);
    byte[] p1 = random(5 * MIB, 1);
    byte[] p2first = random(5 * MIB + 1, 2);
    byte[] p2 = random(5 * MIB + 1, 3);
    byte[] p3 = random(123, 4);
    String e1 = uploadPart(key, uploadId, 1, p1, customer);
    uploadPart(key, uploadId, 2, p2first, customer);
    String e2 = uploadPart(key, uploadId, 2, p2, customer);
    String e3 = uploadPart(key, uploadId, 3, p3, customer);
    if (mode.equals("SSE-S3")) {
      assertThat(e1).isEqualTo("\"" + java.util.HexFormat.of().formatHex(
          MessageDigest.getInstance("MD5").digest(p1)) + "\"");
    }

    // When it is completed
    complete(key, uploadId, part(1, e1), part(2, e2), part(3, e3));

    // Then GET returns the concatenation byte for byte, with a multipart ETag and the metadata
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    whole.writeBytes(p1);
    whole.writeBytes(p2);
    whole.writeBytes(p3);
    byte[] expected = whole.toByteArray();
    assertThat(sha256(get(key, customer, b -> {}))).isEqualTo(sha256(expected));
    HeadObjectRequest.Builder head = HeadObjectRequest.builder().bucket(BUCKET).key(key);
    if (customer != null) {
      Trio t = Trio.of(customer);
      head.sseCustomerAlgorithm(t.algorithm()).sseCustomerKey(t.key()).sseCustomerKeyMD5(t.md5());
    }
    var h = s3.headObject(head.build());
    assertThat(h.contentLength()).isEqualTo(expected.length);
    assertThat(h.eTag()).endsWith("-3\"");
    assertThat(h.contentType()).isEqualTo("video/mp4");
    assertThat(h.metadata()).containsEntry("origin", "camera-7");
    assertThat(h.partsCount()).isEqualTo(3);

    // and ranges across part boundaries decrypt only what they ask for, exactly
    long boundary = 5L * MIB;
    assertThat(get(key, customer, b -> b.range("bytes=" + (boundary - 10) + "-" + (boundary + 9))))
        .isEqualTo(Arrays.copyOfRange(expected, (int) boundary - 10, (int) boundary + 10));
    assertThat(get(key, customer, b -> b.range("bytes=-200")))
        .isEqualTo(Arrays.copyOfRange(expected, expected.length - 200, expected.length));
    assertThat(get(key, customer, b -> b.range("bytes=" + (2 * boundary) + "-")))
        .isEqualTo(Arrays.copyOfRange(expected, (int) (2 * boundary), expected.length));
    // and GET ?partNumber=2 is part 2
    assertThat(get(key, customer, b -> b.partNumber(2))).isEqualTo(p2);
    assertThat(status(() -> {
      try {
        get(key, customer, b -> b.partNumber(4));
      } catch (S3Exception e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    })).isEqualTo(416);

    // and the upload is gone
    assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET).prefix(key)).uploads()).isEmpty();
  }

  @Test
  void sseC_partsNeedTheSameKeyAsCreate() throws Exception {
    String key = "ssec/parts";
    String uploadId = create(key, "SSE-C");
    byte[] data = random(1000, 9);

    assertThat(status(() -> {
      try {
        uploadPart(key, uploadId, 1, data, null);
      } catch (Exception e) {
        throw e instanceof S3Exception s ? s : new IllegalStateException(e);
      }
    })).isEqualTo(400);
    assertThat(status(() -> {
      try {
        uploadPart(key, uploadId, 1, data, OTHER_KEY);
      } catch (Exception e) {
        throw e instanceof S3Exception s ? s : new IllegalStateException(e);
      }
    })).isEqualTo(403);
    String etag = uploadPart(key, uploadId, 1, data, CUSTOMER_KEY);
    complete(key, uploadId, part(1, etag));
    assertThat(get(key, CUSTOMER_KEY, b -> {})).isEqualTo(data);
    assertThat(status(() -> {
      try {
        get(key, OTHER_KEY, b -> {});
      } catch (Exception e) {
        throw e instanceof S3Exception s ? s : new IllegalStateException(e);
      }
    })).isEqualTo(403);
  }

  @Test
  void complete_checksThePartListLikeS3() throws Exception {
    String key = "checks";
    String uploadId = create(key, "SSE-KMS");
    byte[] small = random(1000, 1);
    String e1 = uploadPart(key, uploadId, 1, small, null);
    String e2 = uploadPart(key, uploadId, 2, small, null);

    assertThat(code(() -> complete(key, uploadId, part(1, e1), part(2, "\"0123\""))))
        .isEqualTo("InvalidPart");
    assertThat(code(() -> complete(key, uploadId, part(1, e1), part(3, e2))))
        .isEqualTo("InvalidPart");
    assertThat(code(() -> complete(key, uploadId, part(2, e2), part(1, e1))))
        .isEqualTo("InvalidPartOrder");
    assertThat(code(() -> complete(key, uploadId, part(1, e1), part(2, e2))))
        .isEqualTo("EntityTooSmall");
    assertThat(code(() -> complete(key, "no-such-upload", part(1, e1))))
        .isEqualTo("NoSuchUpload");
    // a single small part is a valid object: the last part has no minimum
    complete(key, uploadId, part(1, e1));
    assertThat(get(key, null, b -> {})).isEqualTo(small);
    // and a retried complete of the same upload answers as the first did
    complete(key, uploadId, part(1, e1));
  }

  @Test
  void abort_endsTheUpload_andListingsShowWhatIsInProgress() throws Exception {
    String key = "aborted/one";
    String uploadId = create(key, "SSE-S3");
    byte[] data = random(2000, 5);
    uploadPart(key, uploadId, 1, data, null);
    uploadPart(key, uploadId, 7, data, null);

    var parts = s3.listParts(b -> b.bucket(BUCKET).key(key).uploadId(uploadId));
    assertThat(parts.parts()).extracting(p -> p.partNumber()).containsExactly(1, 7);
    assertThat(parts.parts()).allSatisfy(p -> assertThat(p.size()).isEqualTo(2000L));
    assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET).prefix("aborted/")).uploads())
        .extracting(u -> u.uploadId()).containsExactly(uploadId);

    s3.abortMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(uploadId));

    assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET).prefix("aborted/")).uploads()).isEmpty();
    assertThat(code(() -> {
      try {
        uploadPart(key, uploadId, 2, data, null);
      } catch (Exception e) {
        throw e instanceof S3Exception s ? s : new IllegalStateException(e);
      }
    })).isEqualTo("NoSuchUpload");
    assertThat(code(() -> s3.headObject(b -> b.bucket(BUCKET).key(key)))).isNotEqualTo("none");
  }

  @Test
  void uploadPartCopy_fromAnSseCSource_intoAnSseKmsUpload() throws Exception {
    // Given an SSE-C source object
    byte[] source = random(6 * MIB + 17, 11);
    Trio t = Trio.of(CUSTOMER_KEY);
    s3.putObject(b -> b.bucket(BUCKET).key("copy/source").sseCustomerAlgorithm(t.algorithm())
        .sseCustomerKey(t.key()).sseCustomerKeyMD5(t.md5()), RequestBody.fromBytes(source));
    String key = "copy/target";
    String uploadId = create(key, "SSE-KMS");

    // When two parts are copied from ranges of it (the source key only decrypts)
    List<CompletedPart> parts = new ArrayList<>();
    long[][] ranges = {{0, 5L * MIB - 1}, {5L * MIB, source.length - 1}};
    for (int i = 0; i < ranges.length; i++) {
      int number = i + 1;
      long[] r = ranges[i];
      var copied = s3.uploadPartCopy(b -> b.sourceBucket(BUCKET).sourceKey("copy/source")
          .destinationBucket(BUCKET).destinationKey(key).uploadId(uploadId).partNumber(number)
          .copySourceRange("bytes=" + r[0] + "-" + r[1])
          .copySourceSSECustomerAlgorithm(t.algorithm()).copySourceSSECustomerKey(t.key())
          .copySourceSSECustomerKeyMD5(t.md5()));
      parts.add(part(number, copied.copyPartResult().eTag()));
    }
    complete(key, uploadId, parts.toArray(CompletedPart[]::new));

    // Then the target holds the source's bytes, readable without any customer key
    assertThat(sha256(get(key, null, b -> {}))).isEqualTo(sha256(source));
    assertThat(s3.headObject(b -> b.bucket(BUCKET).key(key)).serverSideEncryption())
        .isEqualTo(ServerSideEncryption.AWS_KMS);
    // and a copy without the source's key is refused
    String other = create("copy/refused", "SSE-S3");
    assertThat(status(() -> s3.uploadPartCopy(b -> b.sourceBucket(BUCKET).sourceKey("copy/source")
        .destinationBucket(BUCKET).destinationKey("copy/refused").uploadId(other).partNumber(1))))
        .isEqualTo(400);
  }

  // ---------------------------------------------------------------- CopyObject

  private static long blobFiles() throws Exception {
    try (var files = java.nio.file.Files.walk(dataDir.resolve("blobs"))) {
      return files.filter(java.nio.file.Files::isRegularFile).count();
    }
  }

  @Test
  void copyObject_reencryptsUnderTheDestinationMode_andCopiesOrReplacesMetadata() throws Exception {
    byte[] data = random(3 * MIB + 5, 21);
    s3.putObject(b -> b.bucket(BUCKET).key("c/src").contentType("text/plain")
        .metadata(java.util.Map.of("a", "1")).serverSideEncryption(ServerSideEncryption.AES256),
        RequestBody.fromBytes(data));

    var copied = s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("c/src")
        .destinationBucket(BUCKET).destinationKey("c/kms")
        .serverSideEncryption(ServerSideEncryption.AWS_KMS));
    s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("c/src")
        .destinationBucket(BUCKET).destinationKey("c/replaced")
        .metadataDirective("REPLACE").contentType("application/json")
        .metadata(java.util.Map.of("b", "2")));

    assertThat(copied.copyObjectResult().eTag()).isNotBlank();
    assertThat(get("c/kms", null, b -> {})).isEqualTo(data);
    var kms = s3.headObject(b -> b.bucket(BUCKET).key("c/kms"));
    assertThat(kms.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
    assertThat(kms.metadata()).containsEntry("a", "1");
    assertThat(kms.contentType()).isEqualTo("text/plain");
    var replaced = s3.headObject(b -> b.bucket(BUCKET).key("c/replaced"));
    assertThat(replaced.metadata()).containsExactly(java.util.Map.entry("b", "2"));
    assertThat(replaced.contentType()).isEqualTo("application/json");
    assertThat(get("c/replaced", null, b -> {})).isEqualTo(data);
  }

  @Test
  void copyObject_ofAnSseCSource_needsItsKey_andOfAMultipartObject_copiesAllParts() throws Exception {
    byte[] data = random(70_000, 22);
    Trio t = Trio.of(CUSTOMER_KEY);
    s3.putObject(b -> b.bucket(BUCKET).key("c/ssec").sseCustomerAlgorithm(t.algorithm())
        .sseCustomerKey(t.key()).sseCustomerKeyMD5(t.md5()), RequestBody.fromBytes(data));

    assertThat(status(() -> s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("c/ssec")
        .destinationBucket(BUCKET).destinationKey("c/plain")))).isEqualTo(400);
    Trio wrong = Trio.of(OTHER_KEY);
    assertThat(status(() -> s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("c/ssec")
        .destinationBucket(BUCKET).destinationKey("c/plain")
        .copySourceSSECustomerAlgorithm(wrong.algorithm()).copySourceSSECustomerKey(wrong.key())
        .copySourceSSECustomerKeyMD5(wrong.md5())))).isEqualTo(403);
    s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("c/ssec")
        .destinationBucket(BUCKET).destinationKey("c/plain")
        .copySourceSSECustomerAlgorithm(t.algorithm()).copySourceSSECustomerKey(t.key())
        .copySourceSSECustomerKeyMD5(t.md5()));
    assertThat(get("c/plain", null, b -> {})).isEqualTo(data);

    // a multipart source: all its parts, decrypted under their part keys, become one object
    String uploadId = create("c/multi", "SSE-KMS");
    byte[] p1 = random(5 * MIB, 23);
    byte[] p2 = random(999, 24);
    complete("c/multi", uploadId, part(1, uploadPart("c/multi", uploadId, 1, p1, null)),
        part(2, uploadPart("c/multi", uploadId, 2, p2, null)));
    s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("c/multi")
        .destinationBucket(BUCKET).destinationKey("c/single"));
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.writeBytes(p1);
    both.writeBytes(p2);
    assertThat(sha256(get("c/single", null, b -> {}))).isEqualTo(sha256(both.toByteArray()));
  }

  @Test
  void copyObjectOntoItself_withOldAndNewCustomerKey_resealsTheKeyWithoutRewritingData()
      throws Exception {
    // Given an SSE-C object under key A
    byte[] data = random(200_000, 31);
    Trio a = Trio.of(CUSTOMER_KEY);
    Trio b = Trio.of(OTHER_KEY);
    s3.putObject(r -> r.bucket(BUCKET).key("rotate/me").sseCustomerAlgorithm(a.algorithm())
        .sseCustomerKey(a.key()).sseCustomerKeyMD5(a.md5()), RequestBody.fromBytes(data));
    long blobsBefore = blobFiles();

    // When it is copied onto itself from key A to key B
    s3.copyObject(r -> r.sourceBucket(BUCKET).sourceKey("rotate/me")
        .destinationBucket(BUCKET).destinationKey("rotate/me")
        .copySourceSSECustomerAlgorithm(a.algorithm()).copySourceSSECustomerKey(a.key())
        .copySourceSSECustomerKeyMD5(a.md5())
        .sseCustomerAlgorithm(b.algorithm()).sseCustomerKey(b.key()).sseCustomerKeyMD5(b.md5()));

    // Then key B reads the same bytes, key A no longer opens it, and no data was rewritten
    assertThat(get("rotate/me", OTHER_KEY, r -> {})).isEqualTo(data);
    assertThat(status(() -> {
      try {
        get("rotate/me", CUSTOMER_KEY, r -> {});
      } catch (Exception e) {
        throw e instanceof S3Exception s ? s : new IllegalStateException(e);
      }
    })).isEqualTo(403);
    assertThat(blobFiles()).isEqualTo(blobsBefore);
  }

  @Test
  void copyObjectOntoItself_withoutAnyChange_isInvalidRequest() throws Exception {
    s3.putObject(b -> b.bucket(BUCKET).key("self/same"), RequestBody.fromBytes(random(10, 41)));

    assertThat(code(() -> s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("self/same")
        .destinationBucket(BUCKET).destinationKey("self/same")))).isEqualTo("InvalidRequest");
    // a change of metadata is a change: allowed
    s3.copyObject(b -> b.sourceBucket(BUCKET).sourceKey("self/same")
        .destinationBucket(BUCKET).destinationKey("self/same").metadataDirective("REPLACE")
        .metadata(java.util.Map.of("k", "v")));
    assertThat(s3.headObject(b -> b.bucket(BUCKET).key("self/same")).metadata())
        .containsEntry("k", "v");
  }

  // ---------------------------------------------------------------- garbage collection

  @Test
  void garbageCollection_removesExactlyWhatNothingRefersTo_inTwoPasses() throws Exception {
    // Given a store cleaned of what earlier tests left
    stack.ingest.collectGarbage();
    stack.ingest.collectGarbage();
    long clean = blobFiles();

    // When objects are deleted and overwritten, a part is uploaded twice, an upload is aborted
    s3.putObject(b -> b.bucket(BUCKET).key("gc/deleted"), RequestBody.fromBytes(random(100, 1)));
    s3.deleteObject(b -> b.bucket(BUCKET).key("gc/deleted"));
    s3.putObject(b -> b.bucket(BUCKET).key("gc/over"), RequestBody.fromBytes(random(100, 2)));
    byte[] latest = random(100, 3);
    s3.putObject(b -> b.bucket(BUCKET).key("gc/over"), RequestBody.fromBytes(latest));
    String kept = create("gc/multi", "SSE-KMS");
    uploadPart("gc/multi", kept, 1, random(300, 4), null);
    byte[] part = random(300, 5);
    String etag = uploadPart("gc/multi", kept, 1, part, null);
    complete("gc/multi", kept, part(1, etag));
    String aborted = create("gc/aborted", "SSE-S3");
    uploadPart("gc/aborted", aborted, 1, random(10, 6), null);
    uploadPart("gc/aborted", aborted, 2, random(10, 7), null);
    s3.abortMultipartUpload(b -> b.bucket(BUCKET).key("gc/aborted").uploadId(aborted));
    String abandoned = create("gc/abandoned", "SSE-S3");
    assertThat(blobFiles()).isEqualTo(clean + 7);

    // Then the first pass only marks (and aborts the abandoned upload), the second deletes
    GcReport first = stack.ingest.collectGarbage();
    assertThat(first.blobsDeleted()).isZero();
    assertThat(first.candidates()).isEqualTo(5);
    assertThat(first.uploadsAborted()).isEqualTo(1);
    GcReport second = stack.ingest.collectGarbage();
    assertThat(second.blobsDeleted()).isEqualTo(5);
    assertThat(blobFiles()).isEqualTo(clean + 2);
    assertThat(code(() -> s3.listParts(b -> b.bucket(BUCKET).key("gc/abandoned").uploadId(abandoned))))
        .isEqualTo("NoSuchUpload");

    // and everything still referenced reads back
    assertThat(get("gc/over", null, b -> {})).isEqualTo(latest);
    assertThat(get("gc/multi", null, b -> {})).isEqualTo(part);
  }
}
