package io.sealstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealstream.schemas.SseMode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** s3-sse-semantics.md §1-6 and the §9 rows that apply to PutObject, GetObject, HeadObject. */
class SseRequestTest {
  private static final byte[] KEY = new byte[32];
  private static final String KEY_B64;
  private static final String KEY_MD5;

  static {
    for (int i = 0; i < 32; i++) {
      KEY[i] = (byte) i;
    }
    KEY_B64 = Base64.getEncoder().encodeToString(KEY);
    KEY_MD5 = Base64.getEncoder().encodeToString(SseRequest.md5(KEY));
  }

  private static Map<String, String> headers(String... kv) {
    Map<String, String> m = new TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i].toLowerCase(Locale.ROOT), kv[i + 1]);
    }
    return m;
  }

  private static SseRequest write(String... kv) throws S3Exception {
    Map<String, String> m = headers(kv);
    return SseRequest.forWrite(n -> m.get(n.toLowerCase(Locale.ROOT)), true);
  }

  private static SseRequest read(String... kv) throws S3Exception {
    Map<String, String> m = headers(kv);
    return SseRequest.forRead(n -> m.get(n.toLowerCase(Locale.ROOT)), true);
  }

  private static String[] trio() {
    return new String[] {SseRequest.C_ALGORITHM, "AES256", SseRequest.C_KEY, KEY_B64, SseRequest.C_KEY_MD5, KEY_MD5};
  }

  private static void assertError(ThrowingCall call, S3Error error) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(error));
  }

  interface ThrowingCall {
    void run() throws Exception;
  }

  @Test
  void noHeaders_isSseS3() throws Exception {
    assertThat(write().mode()).isEqualTo(SseMode.SSE_S3);
  }

  @Test
  void aes256_isSseS3() throws Exception {
    assertThat(write(SseRequest.SSE, "AES256").mode()).isEqualTo(SseMode.SSE_S3);
  }

  @Test
  void kms_stripsArnPrefix_andCanonicalisesContext() throws Exception {
    String context = Base64.getEncoder().encodeToString(
        "{ \"z\" : \"1\",\n \"a\": \"ü\" }".getBytes(StandardCharsets.UTF_8));
    SseRequest r = write(SseRequest.SSE, "aws:kms", SseRequest.KMS_KEY_ID, "arn:aws:kms:my-key",
        SseRequest.CONTEXT, context);
    assertThat(r.mode()).isEqualTo(SseMode.SSE_KMS);
    assertThat(r.kmsKeyId()).isEqualTo("my-key");
    assertThat(r.kmsContext()).isEqualTo("{\"a\":\"ü\",\"z\":\"1\"}");
  }

  @Test
  void kmsWithoutKeyId_usesDefaultKey() throws Exception {
    SseRequest r = write(SseRequest.SSE, "aws:kms");
    assertThat(r.kmsKeyId()).isNull();
    assertThat(r.kmsContext()).isNull();
  }

  @Test
  void kmsContextNotJsonObjectOfStrings_isInvalidArgument() {
    for (String json : new String[] {"[1]", "{\"a\":1}", "not json"}) {
      String b64 = Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
      assertError(() -> write(SseRequest.SSE, "aws:kms", SseRequest.CONTEXT, b64), S3Error.INVALID_ARGUMENT);
    }
    assertError(() -> write(SseRequest.SSE, "aws:kms", SseRequest.CONTEXT, "%%%"), S3Error.INVALID_ARGUMENT);
  }

  @Test
  void kmsKeyIdWithSpaces_isInvalidRequest() {
    assertError(() -> write(SseRequest.SSE, "aws:kms", SseRequest.KMS_KEY_ID, " k "), S3Error.INVALID_REQUEST);
  }

  @Test
  void kmsKeyIdWithoutAwsKms_isInvalidArgument() {
    assertError(() -> write(SseRequest.KMS_KEY_ID, "k"), S3Error.INVALID_ARGUMENT);
    assertError(() -> write(SseRequest.SSE, "AES256", SseRequest.KMS_KEY_ID, "k"), S3Error.INVALID_ARGUMENT);
    assertError(() -> write(SseRequest.CONTEXT, "e30="), S3Error.INVALID_ARGUMENT);
  }

  @Test
  void unknownSseValue_isInvalidArgument() {
    assertError(() -> write(SseRequest.SSE, "aes:kms"), S3Error.INVALID_ARGUMENT);
    assertError(() -> write(SseRequest.SSE, "AES128"), S3Error.INVALID_ARGUMENT);
  }

  @Test
  void dsse_isNotImplemented() {
    assertError(() -> write(SseRequest.SSE, "aws:kms:dsse"), S3Error.NOT_IMPLEMENTED);
  }

  @Test
  void customerTrio_isSseC_withKeyAndMd5() throws Exception {
    SseRequest r = write(trio());
    assertThat(r.mode()).isEqualTo(SseMode.SSE_C);
    assertThat(r.customerKey()).isEqualTo(KEY);
    assertThat(r.customerKeyMd5()).isEqualTo(KEY_MD5);
    assertThat(r.toString()).doesNotContain(KEY_B64).contains("hidden");
  }

  @Test
  void customerPlusSse_isInvalidArgument() {
    assertError(() -> write(SseRequest.C_ALGORITHM, "AES256", SseRequest.C_KEY, KEY_B64,
        SseRequest.C_KEY_MD5, KEY_MD5, SseRequest.SSE, "AES256"), S3Error.INVALID_ARGUMENT);
    assertError(() -> write(SseRequest.C_ALGORITHM, "AES256", SseRequest.C_KEY, KEY_B64,
        SseRequest.C_KEY_MD5, KEY_MD5, SseRequest.SSE, "aws:kms"), S3Error.INVALID_ARGUMENT);
  }

  @Test
  void customerMissingKeyOrMd5_isInvalidArgument() {
    assertError(() -> write(SseRequest.C_ALGORITHM, "AES256", SseRequest.C_KEY_MD5, KEY_MD5), S3Error.INVALID_ARGUMENT);
    assertError(() -> write(SseRequest.C_ALGORITHM, "AES256", SseRequest.C_KEY, KEY_B64), S3Error.INVALID_ARGUMENT);
    assertError(() -> write(SseRequest.C_KEY, KEY_B64, SseRequest.C_KEY_MD5, KEY_MD5), S3Error.INVALID_ARGUMENT);
  }

  @Test
  void customerMd5Mismatch_isInvalidArgument() {
    String otherMd5 = Base64.getEncoder().encodeToString(SseRequest.md5(new byte[32]));
    assertError(() -> write(SseRequest.C_ALGORITHM, "AES256", SseRequest.C_KEY, KEY_B64,
        SseRequest.C_KEY_MD5, otherMd5), S3Error.INVALID_ARGUMENT);
    // MD5 of the base64 text instead of the raw key bytes
    String textMd5 = Base64.getEncoder().encodeToString(SseRequest.md5(KEY_B64.getBytes(StandardCharsets.US_ASCII)));
    assertError(() -> write(SseRequest.C_ALGORITHM, "AES256", SseRequest.C_KEY, KEY_B64,
        SseRequest.C_KEY_MD5, textMd5), S3Error.INVALID_ARGUMENT);
  }

  @Test
  void customerKeyNot256Bits_isInvalidArgument() {
    byte[] short16 = new byte[16];
    String b64 = Base64.getEncoder().encodeToString(short16);
    String md5 = Base64.getEncoder().encodeToString(SseRequest.md5(short16));
    assertError(() -> write(SseRequest.C_ALGORITHM, "AES256", SseRequest.C_KEY, b64,
        SseRequest.C_KEY_MD5, md5), S3Error.INVALID_ARGUMENT);
    assertError(() -> write(SseRequest.C_ALGORITHM, "AES256", SseRequest.C_KEY, "not base64!",
        SseRequest.C_KEY_MD5, md5), S3Error.INVALID_ARGUMENT);
  }

  @Test
  void customerAlgorithmNotAes256_isInvalidEncryptionAlgorithm() {
    assertError(() -> write(SseRequest.C_ALGORITHM, "AES128", SseRequest.C_KEY, KEY_B64,
        SseRequest.C_KEY_MD5, KEY_MD5), S3Error.INVALID_ENCRYPTION_ALGORITHM);
  }

  @Test
  void customerWithKmsKeyId_isInvalidArgument() {
    assertError(() -> write(SseRequest.C_ALGORITHM, "AES256", SseRequest.C_KEY, KEY_B64,
        SseRequest.C_KEY_MD5, KEY_MD5, SseRequest.KMS_KEY_ID, "k"), S3Error.INVALID_ARGUMENT);
  }

  @Test
  void customerOverPlainHttp_whenTlsRequired_isInvalidRequest() {
    Map<String, String> m = headers(trio());
    assertError(() -> SseRequest.forWrite(m::get, false), S3Error.INVALID_REQUEST);
    assertError(() -> SseRequest.forRead(m::get, false), S3Error.INVALID_REQUEST);
  }

  @Test
  void read_withoutHeaders_isNull() throws Exception {
    assertThat(read()).isNull();
  }

  @Test
  void read_withTrio_isSseC() throws Exception {
    assertThat(read(trio()).mode()).isEqualTo(SseMode.SSE_C);
  }

  @Test
  void read_withSseOrKmsHeaders_isInvalidArgument() {
    assertError(() -> read(SseRequest.SSE, "AES256"), S3Error.INVALID_ARGUMENT);
    assertError(() -> read(SseRequest.SSE, "aws:kms"), S3Error.INVALID_ARGUMENT);
    assertError(() -> read(SseRequest.KMS_KEY_ID, "k"), S3Error.INVALID_ARGUMENT);
    assertError(() -> read(SseRequest.CONTEXT, "e30="), S3Error.INVALID_ARGUMENT);
  }

  @Test
  void read_withBadTrio_isRejectedLikeWrite() {
    assertError(() -> read(SseRequest.C_ALGORITHM, "AES256", SseRequest.C_KEY, KEY_B64), S3Error.INVALID_ARGUMENT);
  }
}
