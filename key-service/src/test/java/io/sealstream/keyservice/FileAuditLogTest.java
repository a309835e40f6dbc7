package io.sealstream.keyservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAuditLogTest {
  @TempDir Path dir;

  static AuditEvent event(String requestId, String outcome) {
    return new AuditEvent(
        Instant.parse("2026-05-06T07:08:09.123Z"),
        requestId,
        "ab".repeat(32),
        "POST",
        "/v1/key/generate/k",
        "generate",
        "k",
        outcome,
        outcome.equals("ok") ? 200 : 409,
        1234);
  }

  @Test
  void records_areOneJsonLineEach_withEveryField_inOrder() throws Exception {
    // Given
    Path file = dir.resolve("audit.log");
    // When
    try (FileAuditLog log = FileAuditLog.open(file, true)) {
      log.record(event("r1", "ok"));
      log.record(event("r2", "KeyDisabled"));
    }
    // Then
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0))
        .isEqualTo(
            "{\"time\":\"2026-05-06T07:08:09.123Z\",\"requestId\":\"r1\",\"identity\":\""
                + "ab".repeat(32)
                + "\",\"method\":\"POST\",\"path\":\"/v1/key/generate/k\",\"operation\":\"generate\","
                + "\"key\":\"k\",\"outcome\":\"ok\",\"status\":200,\"durationMicros\":1234}");
    JsonNode second = Json.MAPPER.readTree(lines.get(1));
    assertThat(second.get("outcome").asText()).isEqualTo("KeyDisabled");
    assertThat(second.get("status").asInt()).isEqualTo(409);
  }

  @Test
  void reopening_appends_neverTruncates_andTheFileIsOwnerOnly() throws Exception {
    // Given
    Path file = dir.resolve("nested/audit.log");
    try (FileAuditLog log = FileAuditLog.open(file)) {
      log.record(event("first", "ok"));
    }
    // When
    try (FileAuditLog log = FileAuditLog.open(file)) {
      log.record(event("second", "ok"));
    }
    // Then
    assertThat(Files.readAllLines(file)).hasSize(2);
    assertThat(Files.readAllLines(file).get(0)).contains("\"first\"");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void aRecordThatCannotBeWritten_throws() {
    // Given
    FileAuditLog log = FileAuditLog.open(dir.resolve("audit.log"));
    log.close();
    // When / Then
    assertThatThrownBy(() -> log.record(event("late", "ok")))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot append to audit log");
  }

  @Test
  void unauthenticatedCalls_haveANullIdentity() {
    AuditEvent e = new AuditEvent(Instant.EPOCH, "r", null, "GET", "/x", "unrouted", null, "RouteNotFound", 404, 1);
    assertThat(e.toJson()).contains("\"identity\":null", "\"key\":null");
  }
}
