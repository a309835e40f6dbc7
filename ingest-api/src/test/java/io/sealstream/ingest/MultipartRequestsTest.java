package io.sealstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealstream.schemas.ObjectManifest;
import io.sealstream.schemas.PartManifest;
import io.sealstream.schemas.SseMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request parsing of multipart and copy operations, without a server. */
class MultipartRequestsTest {
  @TempDir Path dir;

  private static S3Error errorOf(ThrowingRunnable r) {
    try {
      r.run();
    } catch (S3Exception e) {
      return e.error();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("no S3 error");
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void completeBody_partsAreReadWithOrWithoutTheS3Namespace() throws Exception {
    String body = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        + "<Part><ETag>\"abc\"</ETag><PartNumber>1</PartNumber></Part>"
        + "<Part><PartNumber> 3 </PartNumber><ETag>def</ETag></Part></CompleteMultipartUpload>";
    var parts = MultipartHandlers.parseComplete(body.getBytes(StandardCharsets.UTF_8));
    assertThat(parts).extracting(Object::toString)
        .containsExactly("Requested[number=1, etag=\"abc\"]", "Requested[number=3, etag=def]");
  }

  @Test
  void completeBody_malformedOrEmptyOrWrongRoot_isMalformedXml() {
    for (String body : List.of("", "<CompleteMultipartUpload>", "<CompleteMultipartUpload/>",
        "<Other><Part><PartNumber>1</PartNumber><ETag>a</ETag></Part></Other>",
        "<CompleteMultipartUpload><Part><PartNumber>x</PartNumber><ETag>a</ETag></Part></CompleteMultipartUpload>",
        "<CompleteMultipartUpload><Part><ETag>a</ETag></Part></CompleteMultipartUpload>")) {
      assertThat(errorOf(() -> MultipartHandlers.parseComplete(body.getBytes(StandardCharsets.UTF_8))))
          .as(body).isEqualTo(S3Error.MALFORMED_XML);
    }
  }

  @Test
  void completeBody_withAnExternalEntity_isRefusedAndReadsNothing() throws Exception {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET");
    String body = "<?xml version=\"1.0\"?><!DOCTYPE c [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>"
        + "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>&x;</ETag></Part>"
        + "</CompleteMultipartUpload>";
    assertThat(errorOf(() -> MultipartHandlers.parseComplete(body.getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(S3Error.MALFORMED_XML);
  }

  @Test
  void partNumber_isOneTo10000() throws Exception {
    assertThat(MultipartHandlers.partNumber("1")).isEqualTo(1);
    assertThat(MultipartHandlers.partNumber("10000")).isEqualTo(10_000);
    for (String bad : new String[] {"0", "10001", "-1", "x", ""}) {
      assertThat(errorOf(() -> MultipartHandlers.partNumber(bad))).isEqualTo(S3Error.INVALID_ARGUMENT);
    }
  }

  @Test
  void copySourceRange_mustBeAClosedRangeInsideTheSource() throws Exception {
    assertThat(MultipartHandlers.copyRange("bytes=0-9", 10)).isEqualTo(new ByteRange(0, 10));
    assertThat(MultipartHandlers.copyRange("bytes=5-5", 10)).isEqualTo(new ByteRange(5, 1));
    for (String bad : new String[] {"bytes=0-10", "bytes=-5", "bytes=3-", "bytes=5-4", "0-3", "bytes=a-b"}) {
      assertThat(errorOf(() -> MultipartHandlers.copyRange(bad, 10))).as(bad)
          .isEqualTo(S3Error.INVALID_ARGUMENT);
    }
  }

  @Test
  void copySource_isBucketAndKey_urlDecoded_withOrWithoutLeadingSlash() throws Exception {
    assertThat(CopySources.parse("/src/a%20b/c.txt")).containsExactly("src", "a b/c.txt");
    assertThat(CopySources.parse("src/k")).containsExactly("src", "k");
    assertThat(CopySources.parse("src/k?versionId=null")).containsExactly("src", "k");
    assertThat(errorOf(() -> CopySources.parse("src"))).isEqualTo(S3Error.INVALID_ARGUMENT);
    assertThat(errorOf(() -> CopySources.parse("/src/"))).isEqualTo(S3Error.INVALID_ARGUMENT);
    assertThat(errorOf(() -> CopySources.parse("src/k?versionId=3"))).isEqualTo(S3Error.NOT_IMPLEMENTED);
  }

  private static PartManifest part(int number, long size) {
    return PartManifest.newBuilder().setNumber(number).setSize(size).setEncryptedSize(size + 32)
        .setSealedEtag(ByteBuffer.wrap(new byte[48])).setBlobId("b" + number).build();
  }

  private static ObjectManifest object(List<PartManifest> parts) {
    return ObjectManifest.newBuilder().setBucket("b").setObjectKey("k").setVersionId("v")
        .setUploadId("u").setMode(SseMode.SSE_S3).setSealedObjectKey(ByteBuffer.wrap(new byte[97]))
        .setSize(parts.stream().mapToLong(PartManifest::getSize).sum()).setParts(parts)
        .setBlobId("").setUserMetadata(Map.of()).setCreatedAtMillis(1).build();
  }

  @Test
  void partRange_addressesThePartByItsNumber_andASinglePartObjectAsPart1() throws Exception {
    ObjectManifest multi = object(List.of(part(1, 100), part(4, 50), part(9, 7)));
    assertThat(ObjectHandlers.partRange(multi, "1", false)).isEqualTo(new ByteRange(0, 100));
    assertThat(ObjectHandlers.partRange(multi, "4", false)).isEqualTo(new ByteRange(100, 50));
    assertThat(ObjectHandlers.partRange(multi, "9", false)).isEqualTo(new ByteRange(150, 7));
    assertThat(errorOf(() -> ObjectHandlers.partRange(multi, "2", false)))
        .isEqualTo(S3Error.INVALID_PART_NUMBER);
    assertThat(errorOf(() -> ObjectHandlers.partRange(multi, "1", true)))
        .isEqualTo(S3Error.INVALID_REQUEST);
    ObjectManifest single = object(List.of(part(0, 33)));
    assertThat(ObjectHandlers.partRange(single, "1", false)).isEqualTo(new ByteRange(0, 33));
  }
}
