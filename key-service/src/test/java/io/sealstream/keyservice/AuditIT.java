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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every call leaves one audit record, before its answer leaves; no record carries a secret. */
class AuditIT {
  @TempDir Path dir;
  private RunningKeyService service;
  private Path auditFile;
  private final List<AuditEvent> seen = new CopyOnWriteArrayList<>();
  private final AtomicBoolean failing = new AtomicBoolean();

  @BeforeEach
  void start() throws Exception {
    auditFile = dir.resolve("audit/kms-audit.log");
    AuditSink memory =
        event -> {
          if (failing.get()) {
            throw new IllegalStateException("audit disk full (test)");
          }
          seen.add(event);
        };
    service =
        RunningKeyService.start(
            dir, b -> b.audit(AuditSink.all(List.of(memory, FileAuditLog.open(auditFile, true)))));
  }

  @AfterEach
  void stop() {
    service.close();
  }

  private static String identity(String apiKey) {
    return Identity.ofApiKey(apiKey).hex();
  }

  @Test
  void everyCall_generateAndDecryptIncluded_leavesOneRecord_withWhoWhatKeyAndOutcome()
      throws Exception {
    // When
    service.raw("POST", "/v1/key/create/audited", null, API_KEY);
    HttpResponse<String> generated =
        service.raw("POST", "/v1/key/generate/audited", "{\"context\":{\"b\":\"1\"}}", API_KEY);
    JsonNode dataKey = json(generated);
    HttpResponse<String> decrypted =
        service.raw(
            "POST",
            "/v1/key/decrypt/audited",
            "{\"ciphertext\":\"" + dataKey.get("ciphertext").asText() + "\",\"context\":{\"b\":\"2\"}}",
            OTHER_API_KEY);
    service.raw("POST", "/v1/key/generate/audited", "{}", "not-a-configured-api-key");
    service.raw("POST", "/v1/sys/seal", null, OTHER_API_KEY);
    service.raw("GET", "/v1/nothing-here", null, null);
    // Then
    assertThat(seen)
        .extracting(AuditEvent::operation, AuditEvent::key, AuditEvent::outcome, AuditEvent::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("create", "audited", "ok", 200),
            org.assertj.core.groups.Tuple.tuple("generate", "audited", "ok", 200),
            org.assertj.core.groups.Tuple.tuple("decrypt", "audited", "CiphertextNotAuthentic", 400),
            org.assertj.core.groups.Tuple.tuple("generate", "audited", "Unauthenticated", 401),
            org.assertj.core.groups.Tuple.tuple("seal", null, "NotAuthorized", 403),
            org.assertj.core.groups.Tuple.tuple("unrouted", null, "RouteNotFound", 404));
    assertThat(seen.get(1).identity()).isEqualTo(identity(API_KEY));
    assertThat(seen.get(2).identity()).isEqualTo(identity(OTHER_API_KEY));
    assertThat(seen.get(3).identity()).isNull();
    assertThat(seen.get(1).requestId())
        .isEqualTo(generated.headers().firstValue("X-Request-Id").orElseThrow())
        .matches("[0-9a-f]{16}");
    assertThat(seen.get(2).requestId())
        .isEqualTo(decrypted.headers().firstValue("X-Request-Id").orElseThrow());
    assertThat(seen).extracting(AuditEvent::requestId).doesNotHaveDuplicates();
    // And the file holds the same records, one line each, without a secret
    List<String> lines = Files.readAllLines(auditFile);
    assertThat(lines).hasSize(seen.size());
    String all = String.join("\n", lines);
    String plaintext = dataKey.get("plaintext").asText();
    byte[] plainBytes = java.util.Base64.getDecoder().decode(plaintext);
    assertThat(all)
        .contains(seen.get(1).requestId(), identity(API_KEY))
        .doesNotContain(
            plaintext,
            HexFormat.of().formatHex(plainBytes),
            API_KEY,
            OTHER_API_KEY,
            "not-a-configured-api-key",
            dataKey.get("ciphertext").asText());
  }

  @Test
  void aFailingAuditSink_withholdsTheAnswer_soNoDataKeyLeavesUnaudited() throws Exception {
    // Given
    service.raw("POST", "/v1/key/create/guarded", null, API_KEY);
    failing.set(true);
    // When
    HttpResponse<String> response =
        service.raw("POST", "/v1/key/generate/guarded", "{}", API_KEY);
    // Then
    assertError(response, 503, "AuditUnavailable");
    assertThat(response.body()).doesNotContain("plaintext");
    failing.set(false);
    List<AuditEvent> before = new ArrayList<>(seen);
    assertThat(service.raw("POST", "/v1/key/generate/guarded", "{}", API_KEY).statusCode())
        .isEqualTo(200);
    assertThat(seen).hasSize(before.size() + 1);
  }
}
