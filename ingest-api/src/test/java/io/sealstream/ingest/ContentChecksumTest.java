package io.sealstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ContentChecksumTest {
  private static final byte[] BODY = "<Delete/>".getBytes(StandardCharsets.UTF_8);

  private static Function<String, String> headers(String... pairs) {
    Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m::get;
  }

  private static S3Error errorOf(Function<String, String> headers, byte[] body) {
    try {
      ContentChecksum.verifyRequired(headers, body);
      return null;
    } catch (S3Exception e) {
      return e.error();
    }
  }

  @Test
  void crc64Nvme_checkValue() {
    // the catalogue check value of CRC-64/NVME over "123456789"
    assertThat(ContentChecksum.Crc64Nvme.of("123456789".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(0xAE8B14860A799888L);
  }

  @Test
  void missing_isInvalidRequestNamingContentMd5() {
    assertThatThrownBy(() -> ContentChecksum.verifyRequired(headers(), BODY))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.error()).isEqualTo(S3Error.INVALID_REQUEST);
          assertThat(e.getMessage()).isEqualTo("Missing required header for this request: Content-Md5.");
        });
  }

  @Test
  void contentMd5_matchesOrIsBadDigest() throws Exception {
    String good = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(BODY));
    assertThatCode(() -> ContentChecksum.verifyRequired(headers("content-md5", good), BODY)).doesNotThrowAnyException();
    assertThat(errorOf(headers("Content-MD5", good), "<Delete />".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(S3Error.BAD_DIGEST);
    assertThat(errorOf(headers("Content-MD5", "nope"), BODY)).isEqualTo(S3Error.INVALID_DIGEST);
  }

  @Test
  void flexibleChecksums_matchOrAreBadDigest() throws Exception {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(BODY);
    String crc32 = Base64.getEncoder().encodeToString(
        java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    String sha256 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(BODY));
    assertThat(errorOf(headers("x-amz-checksum-crc32", crc32), BODY)).isNull();
    assertThat(errorOf(headers("x-amz-checksum-sha256", sha256), BODY)).isNull();
    assertThat(errorOf(headers("x-amz-checksum-crc32", crc32), new byte[] {1})).isEqualTo(S3Error.BAD_DIGEST);
    assertThat(errorOf(headers("x-amz-checksum-crc32c", crc32), BODY)).as("crc32 is not crc32c")
        .isEqualTo(S3Error.BAD_DIGEST);
    assertThat(errorOf(headers("x-amz-checksum-sha1", "AAAA"), BODY)).isEqualTo(S3Error.INVALID_REQUEST);
  }
}
