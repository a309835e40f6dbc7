package io.sealstream.keyservice;

import static io.sealstream.keyservice.KeyServiceApiIT.assertError;
import static io.sealstream.keyservice.KeyServiceApiIT.json;
import static io.sealstream.keyservice.RunningKeyService.API_KEY;
import static io.sealstream.keyservice.RunningKeyService.OTHER_API_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key lifecycle over HTTP: import, describe, rotate, disable / enable, delete, encrypt, the
 * seal, and the metrics, as an operator and the pipeline see them. API_KEY is the admin;
 * OTHER_API_KEY may call the key routes only.
 */
class KeyLifecycleApiIT {
  private static final String CONTEXT = "{\"context\":{\"bucket\":\"photos\"}}";
  @TempDir Path dir;
  private RunningKeyService service;

  @BeforeEach
  void start() throws Exception {
    service = RunningKeyService.start(dir);
  }

  @AfterEach
  void stop() {
    service.close();
  }

  private HttpResponse<String> call(String method, String path, String body) {
    return service.raw(method, path, body, API_KEY);
  }

  private HttpResponse<String> post(String path, String body) {
    return call("POST", path, body);
  }

  private String generateCiphertext(String key) throws Exception {
    HttpResponse<String> generated = post("/v1/key/generate/" + key, CONTEXT);
    assertThat(generated.statusCode()).as(generated.body()).isEqualTo(200);
    return json(generated).get("ciphertext").asText();
  }

  private HttpResponse<String> decrypt(String key, String ciphertext) {
    return post(
        "/v1/key/decrypt/" + key,
        "{\"ciphertext\":\"" + ciphertext + "\",\"context\":{\"bucket\":\"photos\"}}");
  }

  @Test
  void import_thenDescribe_showsOneEnabledVersion_andNeverTheKeyBytes() throws Exception {
    // Given
    byte[] material = FileMasterKeyStoreTest.sequence(0x30);
    String b64 = Base64.getEncoder().encodeToString(material);
    // When
    HttpResponse<String> imported = post("/v1/key/import/imported", "{\"key\":\"" + b64 + "\"}");
    HttpResponse<String> described = call("GET", "/v1/key/describe/imported", null);
    // Then
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    JsonNode info = json(described);
    assertThat(info.get("name").asText()).isEqualTo("imported");
    assertThat(info.get("state").asText()).isEqualTo("enabled");
    assertThat(info.get("latestVersion").asInt()).isEqualTo(1);
    assertThat(info.get("versions").get(0).get("version").asInt()).isEqualTo(1);
    assertThat(info.get("created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    for (HttpResponse<String> r : new HttpResponse[] {imported, described}) {
      assertThat(r.body()).doesNotContain(b64, HexFormat.of().formatHex(material));
    }
    assertError(post("/v1/key/import/imported", "{\"key\":\"" + b64 + "\"}"), 409, "KeyExists");
    assertError(post("/v1/key/import/short", "{\"key\":\"AAAA\"}"), 400, "InvalidRequest");
    assertError(call("GET", "/v1/key/describe/nothing", null), 404, "KeyNotFound");
  }

  @Test
  void rotate_newDataKeysUseTheNewVersion_andOldCiphertextsStillDecrypt() throws Exception {
    // Given
    post("/v1/key/create/rotating", null);
    String before = generateCiphertext("rotating");
    // When
    HttpResponse<String> rotated = post("/v1/key/rotate/rotating", null);
    String after = generateCiphertext("rotating");
    // Then
    assertThat(json(rotated).get("latestVersion").asInt()).isEqualTo(2);
    assertThat(Base64.getDecoder().decode(before)[4]).isEqualTo((byte) 1);
    assertThat(Base64.getDecoder().decode(after)[4]).isEqualTo((byte) 2);
    assertThat(decrypt("rotating", before).statusCode()).isEqualTo(200);
    assertThat(decrypt("rotating", after).statusCode()).isEqualTo(200);
    assertThat(json(call("GET", "/v1/key/describe/rotating", null)).get("versions").size())
        .isEqualTo(2);
  }

  @Test
  void disabledKey_refusesGenerateEncryptAndDecrypt_untilEnabledAgain() throws Exception {
    // Given
    post("/v1/key/create/lockable", null);
    String ciphertext = generateCiphertext("lockable");
    // When
    HttpResponse<String> disabled = post("/v1/key/disable/lockable", null);
    // Then
    assertThat(json(disabled).get("state").asText()).isEqualTo("disabled");
    assertError(post("/v1/key/generate/lockable", CONTEXT), 409, "KeyDisabled");
    assertError(decrypt("lockable", ciphertext), 409, "KeyDisabled");
    assertError(post("/v1/key/encrypt/lockable", "{\"plaintext\":\"AAEC\"}"), 409, "KeyDisabled");
    assertThat(json(call("GET", "/v1/key/describe/lockable", null)).get("state").asText())
        .isEqualTo("disabled");
    // And when
    post("/v1/key/enable/lockable", null);
    // Then
    assertThat(decrypt("lockable", ciphertext).statusCode()).isEqualTo(200);
  }

  @Test
  void deletedKey_leavesItsCiphertextsUndecryptableForGood() throws Exception {
    // Given
    post("/v1/key/create/doomed", null);
    String ciphertext = generateCiphertext("doomed");
    // When
    assertThat(call("DELETE", "/v1/key/delete/doomed", null).statusCode()).isEqualTo(200);
    // Then
    assertError(decrypt("doomed", ciphertext), 404, "KeyNotFound");
    post("/v1/key/create/doomed", null);
    assertError(decrypt("doomed", ciphertext), 400, "CiphertextNotAuthentic");
  }

  @Test
  void encrypt_thenDecrypt_withTheSameContextOnly() throws Exception {
    // Given
    post("/v1/key/create/payloads", null);
    String secret = Base64.getEncoder().encodeToString("a small secret".getBytes());
    // When
    HttpResponse<String> encrypted =
        post(
            "/v1/key/encrypt/payloads",
            "{\"plaintext\":\"" + secret + "\",\"context\":{\"tenant\":\"a\"}}");
    String ciphertext = json(encrypted).get("ciphertext").asText();
    // Then
    assertThat(encrypted.body()).doesNotContain(secret);
    HttpResponse<String> opened =
        post("/v1/key/decrypt/payloads",
            "{\"ciphertext\":\"" + ciphertext + "\",\"context\":{\"tenant\":\"a\"}}");
    assertThat(json(opened).get("plaintext").asText()).isEqualTo(secret);
    assertError(
        post("/v1/key/decrypt/payloads",
            "{\"ciphertext\":\"" + ciphertext + "\",\"context\":{\"tenant\":\"b\"}}"),
        400,
        "CiphertextNotAuthentic");
  }

  @Test
  void seal_dropsService_untilTheAdminUnsealsWithTheRootKeyFileContent() throws Exception {
    // Given
    post("/v1/key/create/sealed-key", null);
    String ciphertext = generateCiphertext("sealed-key");
    // When
    HttpResponse<String> sealed = post("/v1/sys/seal", null);
    // Then
    assertThat(sealed.statusCode()).isEqualTo(200);
    assertThat(service.store.isSealed()).isTrue();
    assertError(post("/v1/key/generate/sealed-key", CONTEXT), 503, "Sealed");
    assertError(decrypt("sealed-key", ciphertext), 503, "Sealed");
    assertError(post("/v1/key/create/other", null), 503, "Sealed");
    assertError(service.raw("GET", "/v1/ready", null, null), 503, "Sealed");
    JsonNode status = json(service.raw("GET", "/v1/status", null, null));
    assertThat(status.get("status").asText()).isEqualTo("sealed");
    assertThat(status.get("sealed").asBoolean()).isTrue();
    // a wrong secret leaves it sealed
    String wrong = Base64.getEncoder().encodeToString("00".repeat(32).getBytes());
    assertError(post("/v1/sys/unseal", "{\"secret\":\"" + wrong + "\"}"), 400, "UnsealFailed");
    assertThat(service.store.isSealed()).isTrue();
    // And when: the operator's unseal secret is the root key file's content
    String secret =
        Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve("root.key")));
    HttpResponse<String> unsealed = post("/v1/sys/unseal", "{\"secret\":\"" + secret + "\"}");
    // Then
    assertThat(unsealed.statusCode()).as(unsealed.body()).isEqualTo(200);
    assertThat(decrypt("sealed-key", ciphertext).statusCode()).isEqualTo(200);
    assertThat(service.raw("GET", "/v1/ready", null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void sealAndUnseal_areForTheAdminOnly() throws Exception {
    // When
    HttpResponse<String> seal = service.raw("POST", "/v1/sys/seal", null, OTHER_API_KEY);
    HttpResponse<String> unseal =
        service.raw("POST", "/v1/sys/unseal", "{\"secret\":\"AA==\"}", OTHER_API_KEY);
    // Then
    assertThat(assertError(seal, 403, "NotAuthorized").get("message").asText())
        .isEqualTo("not authorized: insufficient permissions");
    assertError(unseal, 403, "NotAuthorized");
    assertThat(service.store.isSealed()).isFalse();
    assertError(service.raw("POST", "/v1/sys/seal", null, null), 401, "Unauthenticated");
  }

  @Test
  void metrics_countCallsPerOperationAndOutcome_withoutNamesOrSecrets() throws Exception {
    // Given
    post("/v1/key/create/counted", null);
    generateCiphertext("counted");
    generateCiphertext("counted");
    post("/v1/key/generate/missing-key", CONTEXT);
    // When
    HttpResponse<String> metrics = service.raw("GET", "/v1/metrics", null, null);
    // Then
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(metrics.body())
        .contains("sealstream_kms_requests_total{operation=\"generate\",outcome=\"ok\"} 2\n")
        .contains("sealstream_kms_requests_total{operation=\"generate\",outcome=\"KeyNotFound\"} 1\n")
        .contains("sealstream_kms_requests_total{operation=\"create\",outcome=\"ok\"} 1\n")
        .doesNotContain("counted", "missing-key", API_KEY);
  }
}
