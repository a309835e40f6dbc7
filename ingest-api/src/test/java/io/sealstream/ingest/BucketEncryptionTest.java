package io.sealstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealstream.schemas.BucketRecord;
import io.sealstream.schemas.SseMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class BucketEncryptionTest {
  private static final BucketRecord PLAIN =
      BucketRecord.newBuilder().setName("bk").setCreatedAtMillis(5).build();

  private static String config(String apply, String ruleExtra) {
    return "<ServerSideEncryptionConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Rule>"
        + "<ApplyServerSideEncryptionByDefault>" + apply + "</ApplyServerSideEncryptionByDefault>"
        + ruleExtra + "</Rule></ServerSideEncryptionConfiguration>";
  }

  private static BucketEncryption parse(String xml) throws S3Exception {
    return BucketEncryption.parse(xml.getBytes(StandardCharsets.UTF_8));
  }

  private static S3Error errorOf(String xml) {
    try {
      parse(xml);
      return null;
    } catch (S3Exception e) {
      return e.error();
    }
  }

  private static Function<String, String> headers(String... pairs) {
    Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m::get;
  }

  @Test
  void parses_aes256_andKmsWithBareIdShortArnOrKeyArn() throws Exception {
    assertThat(parse(config("<SSEAlgorithm>AES256</SSEAlgorithm>", "")))
        .isEqualTo(new BucketEncryption(SseMode.SSE_S3, null));
    assertThat(parse(config("<SSEAlgorithm>aws:kms</SSEAlgorithm>", "<BucketKeyEnabled>false</BucketKeyEnabled>")))
        .isEqualTo(new BucketEncryption(SseMode.SSE_KMS, null));
    for (String id : new String[] {"tenant-a", "arn:aws:kms:tenant-a",
        "arn:aws:kms:us-east-1:111122223333:key/tenant-a"}) {
      assertThat(parse(config("<SSEAlgorithm>aws:kms</SSEAlgorithm><KMSMasterKeyID>" + id + "</KMSMasterKeyID>", "")))
          .as(id).isEqualTo(new BucketEncryption(SseMode.SSE_KMS, "tenant-a"));
    }
  }

  @Test
  void refuses_whatS3Refuses() {
    assertThat(errorOf(config("<SSEAlgorithm>AES128</SSEAlgorithm>", ""))).isEqualTo(S3Error.MALFORMED_XML);
    assertThat(errorOf(config("", ""))).isEqualTo(S3Error.MALFORMED_XML);
    assertThat(errorOf("<ServerSideEncryptionConfiguration/>")).isEqualTo(S3Error.MALFORMED_XML);
    assertThat(errorOf("<Other><Rule/></Other>")).isEqualTo(S3Error.MALFORMED_XML);
    assertThat(errorOf("<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256"
        + "</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule><Rule/></ServerSideEncryptionConfiguration>"))
        .as("two rules").isEqualTo(S3Error.MALFORMED_XML);
    assertThat(errorOf(config("<SSEAlgorithm>aws:kms</SSEAlgorithm>", "<BucketKeyEnabled>maybe</BucketKeyEnabled>")))
        .isEqualTo(S3Error.MALFORMED_XML);
    assertThat(errorOf(config("<SSEAlgorithm>AES256</SSEAlgorithm><KMSMasterKeyID>k</KMSMasterKeyID>", "")))
        .isEqualTo(S3Error.INVALID_ARGUMENT);
    assertThat(errorOf(config("<SSEAlgorithm>aws:kms:dsse</SSEAlgorithm>", "")))
        .isEqualTo(S3Error.INVALID_ARGUMENT);
    assertThat(errorOf(config("<SSEAlgorithm>aws:kms</SSEAlgorithm>",
        "<BlockedEncryptionTypes><EncryptionType>SSE-C</EncryptionType></BlockedEncryptionTypes>")))
        .isEqualTo(S3Error.NOT_IMPLEMENTED);
    assertThatThrownBy(() -> new BucketEncryption(SseMode.SSE_C, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BucketEncryption(SseMode.SSE_S3, "k")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void storedInTheBucketRecord_andRenderedBack() throws Exception {
    assertThat(BucketEncryption.of(PLAIN)).isNull();
    BucketEncryption kms = new BucketEncryption(SseMode.SSE_KMS, "tenant-a");
    BucketRecord withKms = kms.applyTo(PLAIN);
    assertThat(withKms.getCreatedAtMillis()).isEqualTo(5);
    assertThat(BucketEncryption.of(withKms)).isEqualTo(kms);
    assertThat(BucketEncryption.of(BucketEncryption.removeFrom(withKms))).isNull();
    String xml = new String(kms.toXml(), StandardCharsets.UTF_8);
    assertThat(xml).contains("<SSEAlgorithm>aws:kms</SSEAlgorithm>")
        .contains("<KMSMasterKeyID>arn:aws:kms:tenant-a</KMSMasterKeyID>");
    assertThat(parse(xml)).as("what GET answers, PUT accepts").isEqualTo(kms);
    BucketEncryption s3 = new BucketEncryption(SseMode.SSE_S3, null);
    assertThat(parse(new String(s3.toXml(), StandardCharsets.UTF_8))).isEqualTo(s3);
  }

  @Test
  void effective_defaultAppliesOnlyWithoutSseHeaders() throws Exception {
    BucketRecord kmsBucket = new BucketEncryption(SseMode.SSE_KMS, "tenant-a").applyTo(PLAIN);

    SseRequest none = BucketEncryption.forWrite(kmsBucket, headers(), true);
    assertThat(none.mode()).isEqualTo(SseMode.SSE_KMS);
    assertThat(none.kmsKeyId()).isEqualTo("tenant-a");

    SseRequest aes = BucketEncryption.forWrite(kmsBucket, headers("x-amz-server-side-encryption", "AES256"), true);
    assertThat(aes.mode()).as("explicit AES256 wins").isEqualTo(SseMode.SSE_S3);

    SseRequest otherKey = BucketEncryption.forWrite(kmsBucket, headers("x-amz-server-side-encryption", "aws:kms",
        "x-amz-server-side-encryption-aws-kms-key-id", "other"), true);
    assertThat(otherKey.kmsKeyId()).isEqualTo("other");

    byte[] key = new byte[32];
    String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(key));
    SseRequest customer = BucketEncryption.forWrite(kmsBucket, headers(
        "x-amz-server-side-encryption-customer-algorithm", "AES256",
        "x-amz-server-side-encryption-customer-key", Base64.getEncoder().encodeToString(key),
        "x-amz-server-side-encryption-customer-key-MD5", md5), true);
    assertThat(customer.mode()).as("SSE-C is never changed").isEqualTo(SseMode.SSE_C);
    customer.destroy();

    SseRequest bucketKeyOnly = BucketEncryption.forWrite(kmsBucket,
        headers("x-amz-server-side-encryption-bucket-key-enabled", "true"), true);
    assertThat(bucketKeyOnly.mode()).as("the bucket-key header names no mode").isEqualTo(SseMode.SSE_KMS);

    assertThat(BucketEncryption.forWrite(PLAIN, headers(), true).mode()).isEqualTo(SseMode.SSE_S3);
    assertThat(BucketEncryption.forWrite(null, headers(), true).mode()).isEqualTo(SseMode.SSE_S3);
    BucketRecord s3Bucket = new BucketEncryption(SseMode.SSE_S3, null).applyTo(PLAIN);
    assertThat(BucketEncryption.forWrite(s3Bucket, headers(), true).mode()).isEqualTo(SseMode.SSE_S3);
  }
}
