package io.sealstream.keyservice;

import static io.sealstream.keyservice.RunningKeyService.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API as any client sees it: statuses, JSON bodies, and the error catalogue. */
class KeyServiceApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GENERATE = "/v1/key/generate/api-key-1";
  private static final String DECRYPT = "/v1/key/decrypt/api-key-1";

  @TempDir static Path dir;
  static RunningKeyService service;

  @BeforeAll
  static void start() throws Exception {
    service = RunningKeyService.start(dir);
    assertThat(post("/v1/key/create/api-key-1", null).statusCode()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  static HttpResponse<String> post(String path, String body) {
    return service.raw("POST", path, body, API_KEY);
  }

  static JsonNode json(HttpResponse<String> response) throws Exception {
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    return JSON.readTree(response.body());
  }

  /** Asserts an error response: status, code, and a body of exactly {code, message}. */
  static JsonNode assertError(HttpResponse<String> response, int status, String code)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode body = json(response);
    assertThat(body.get("code").asText()).isEqualTo(code);
    assertThat(body.get("message").asText()).isNotBlank();
    assertThat(body.size()).isEqualTo(2);
    return body;
  }

  @Test
  void create_newKey_answers200WithItsDescription_andAgain409KeyExists() throws Exception {
    // When
    HttpResponse<String> first = post("/v1/key/create/fresh-key", null);
    HttpResponse<String> second = post("/v1/key/create/fresh-key", null);
    // Then
    assertThat(first.statusCode()).isEqualTo(200);
    JsonNode created = json(first);
    assertThat(created.get("name").asText()).isEqualTo("fresh-key");
    assertThat(created.get("state").asText()).isEqualTo("enabled");
    assertThat(created.get("latestVersion").asInt()).isEqualTo(1);
    assertThat(assertError(second, 409, "KeyExists").get("message").asText())
        .isEqualTo("key already exists");
  }

  @Test
  void generate_answersBase64PlaintextAndCiphertext_notCacheable() throws Exception {
    // When
    HttpResponse<String> response = post(GENERATE, "{\"context\":{\"bucket\":\"b\"}}");
    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    JsonNode body = json(response);
    assertThat(body.size()).isEqualTo(2);
    assertThat(Base64.getDecoder().decode(body.get("plaintext").asText())).hasSize(32);
    assertThat(Base64.getDecoder().decode(body.get("ciphertext").asText())).hasSize(65);
  }

  @Test
  void decrypt_answersOnlyThePlaintext() throws Exception {
    // Given
    JsonNode generated = json(post(GENERATE, "{\"context\":{\"bucket\":\"b\"}}"));
    // When
    HttpResponse<String> response =
        post(
            DECRYPT,
            "{\"ciphertext\":\"" + generated.get("ciphertext").asText()
                + "\",\"context\":{\"bucket\":\"b\"}}");
    // Then
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.size()).isEqualTo(1);
    assertThat(body.get("plaintext").asText()).isEqualTo(generated.get("plaintext").asText());
  }

  @Test
  void decrypt_contextMembersInAnotherOrder_stillOpens() throws Exception {
    // Given: the context is canonicalised on the server
    JsonNode generated = json(post(GENERATE, "{\"context\":{\"a\":\"1\",\"b\":\"2\"}}"));
    // When
    HttpResponse<String> response =
        post(
            DECRYPT,
            "{ \"context\" : { \"b\":\"2\", \"a\":\"1\" }, \"ciphertext\":\""
                + generated.get("ciphertext").asText() + "\" }");
    // Then
    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void decrypt_aFlippedBit_answers400CiphertextNotAuthentic() throws Exception {
    // Given
    byte[] ciphertext =
        Base64.getDecoder().decode(json(post(GENERATE, "{}")).get("ciphertext").asText());
    ciphertext[20] ^= 0x04;
    // When
    HttpResponse<String> response =
        post(DECRYPT, "{\"ciphertext\":\"" + Base64.getEncoder().encodeToString(ciphertext) + "\"}");
    // Then
    assertThat(assertError(response, 400, "CiphertextNotAuthentic").get("message").asText())
        .isEqualTo("decryption failed: ciphertext is not authentic");
  }

  @Test
  void generate_unknownKey_answers404KeyNotFound() throws Exception {
    assertError(post("/v1/key/generate/no-such-key", "{}"), 404, "KeyNotFound");
  }

  @Test
  void generate_badJson_answers400InvalidJson() throws Exception {
    assertError(post(GENERATE, "{\"context\":"), 400, "InvalidJson");
    assertError(post(GENERATE, "not json at all"), 400, "InvalidJson");
    assertError(post(GENERATE, ""), 400, "InvalidJson");
    assertError(post(GENERATE, "{} {}"), 400, "InvalidJson");
  }

  @Test
  void generate_duplicateMember_answers400InvalidJson() throws Exception {
    assertError(
        post(GENERATE, "{\"context\":{\"b\":\"1\"},\"context\":{}}"), 400, "InvalidJson");
    assertError(post(GENERATE, "{\"context\":{\"b\":\"1\",\"b\":\"2\"}}"), 400, "InvalidJson");
  }

  @Test
  void generate_wrongShape_answers400InvalidRequest_withoutEchoingInput() throws Exception {
    JsonNode misspelt =
        assertError(post(GENERATE, "{\"Context\":{\"b\":\"1\"}}"), 400, "InvalidRequest");
    assertThat(misspelt.get("message").asText()).doesNotContain("Context");
    assertError(post(GENERATE, "{\"context\":{\"b\":1}}"), 400, "InvalidRequest");
    assertError(post(GENERATE, "{\"context\":\"b\"}"), 400, "InvalidRequest");
    assertError(post(GENERATE, "[]"), 400, "InvalidRequest");
    assertError(post(GENERATE, "{\"context\":{\"k\":\"\\ud800\"}}"), 400, "InvalidRequest");
  }

  @Test
  void decrypt_badBase64_answers400InvalidBase64() throws Exception {
    assertError(post(DECRYPT, "{\"ciphertext\":\"!!not base64!!\"}"), 400, "InvalidBase64");
    assertError(post(DECRYPT, "{\"ciphertext\":\"AQID-_\"}"), 400, "InvalidBase64");
  }

  @Test
  void decrypt_missingCiphertext_answers400InvalidRequest() throws Exception {
    assertError(post(DECRYPT, "{\"context\":{}}"), 400, "InvalidRequest");
    assertError(post(DECRYPT, "{\"ciphertext\":5}"), 400, "InvalidRequest");
  }

  @Test
  void generate_bodyOverOneMebibyte_answers400BodyTooLarge() throws Exception {
    // Given: a syntactically fine body one byte over the limit
    String padding = "x".repeat(Routes.MAX_BODY + 1 - "{\"context\":{\"k\":\"\"}}".length());
    String body = "{\"context\":{\"k\":\"" + padding + "\"}}";
    assertThat(body.length()).isEqualTo(Routes.MAX_BODY + 1);
    // When
    HttpResponse<String> response = post(GENERATE, body);
    // Then
    assertThat(assertError(response, 400, "BodyTooLarge").get("message").asText())
        .isEqualTo("request body exceeds 1048576 bytes");
  }

  @Test
  void generate_bodyOfExactlyTheLimit_isRead() throws Exception {
    String padding = "x".repeat(Routes.MAX_BODY - "{\"context\":{\"k\":\"\"}}".length());
    assertThat(post(GENERATE, "{\"context\":{\"k\":\"" + padding + "\"}}").statusCode())
        .isEqualTo(200);
  }

  @Test
  void create_withABody_answers400BodyTooLarge() throws Exception {
    assertError(post("/v1/key/create/with-body", "{}"), 400, "BodyTooLarge");
  }

  @Test
  void invalidKeyName_answers400InvalidKeyName() throws Exception {
    assertError(post("/v1/key/create/bad%2Fname", null), 400, "InvalidKeyName");
    assertError(post("/v1/key/create/" + "k".repeat(129), null), 400, "InvalidKeyName");
    assertError(post("/v1/key/generate/bad%20name", "{}"), 400, "InvalidKeyName");
  }

  @Test
  void wrongMethod_answers405MethodNotAllowed_withAllow() throws Exception {
    // When
    HttpResponse<String> response = service.raw("GET", "/v1/key/create/api-key-1", null, API_KEY);
    // Then
    assertError(response, 405, "MethodNotAllowed");
    assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    assertError(service.raw("PUT", "/v1/status", "", API_KEY), 405, "MethodNotAllowed");
  }

  @Test
  void unknownPath_answers404RouteNotFound() throws Exception {
    assertError(service.raw("GET", "/v1/nothing", null, API_KEY), 404, "RouteNotFound");
    assertError(service.raw("POST", "/v1/key/create/", null, API_KEY), 404, "RouteNotFound");
  }

  @Test
  void missingOrWrongApiKey_answers401Unauthenticated() throws Exception {
    // When
    HttpResponse<String> none = service.raw("POST", GENERATE, "{}", null);
    HttpResponse<String> wrong = service.raw("POST", GENERATE, "{}", "wrong-api-key-000000000");
    HttpRequest basic =
        HttpRequest.newBuilder(URI.create(service.uri() + GENERATE))
            .header("Authorization", "Basic " + API_KEY)
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();
    // Then
    assertError(none, 401, "Unauthenticated");
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertError(wrong, 401, "Unauthenticated");
    assertError(service.send(basic), 401, "Unauthenticated");
    assertError(service.raw("GET", "/v1/key/list", null, null), 401, "Unauthenticated");
  }

  @Test
  void statusAndReady_needNoApiKey() throws Exception {
    HttpResponse<String> status = service.raw("GET", "/v1/status", null, null);
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(json(status).get("status").asText()).isEqualTo("ok");
    assertThat(service.raw("GET", "/v1/ready", null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void list_answersSortedNames_andDelete_removesOne() throws Exception {
    // Given
    post("/v1/key/create/zz-list", null);
    post("/v1/key/create/aa-list", null);
    // When
    JsonNode before = json(service.raw("GET", "/v1/key/list", null, API_KEY));
    HttpResponse<String> deleted = service.raw("DELETE", "/v1/key/delete/zz-list", null, API_KEY);
    JsonNode after = json(service.raw("GET", "/v1/key/list", null, API_KEY));
    // Then
    assertThat(before.get("keys").toString()).contains("\"aa-list\"", "\"zz-list\"");
    assertThat(before.get("keys").get(0).asText()).isEqualTo("aa-list");
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(after.get("keys").toString()).doesNotContain("zz-list");
    assertError(service.raw("DELETE", "/v1/key/delete/zz-list", null, API_KEY), 404, "KeyNotFound");
  }

  @Test
  void corruptKeyFile_answers500InternalError_withoutDetail() throws Exception {
    // Given
    post("/v1/key/create/broken", null);
    Path file = service.store.directory().resolve("broken.key");
    byte[] bytes = Files.readAllBytes(file);
    bytes[40] ^= 1;
    Files.write(file, bytes);
    // When
    HttpResponse<String> response = post("/v1/key/generate/broken", "{}");
    // Then
    JsonNode body = assertError(response, 500, "InternalError");
    assertThat(body.get("message").asText()).isEqualTo("internal error");
    assertThat(response.body()).doesNotContain("Exception", "at io.", "broken.key", "root key");
  }
}
