package io.sealstream.keyservice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealstream.keyservice.AuditEvent;
import io.sealstream.keyservice.AuditSink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the pipeline's caches hear from key-service's audit records, and what they do not. */
class KeyLifecycleEventTest {

  private static AuditEvent event(String operation, String key, String outcome) {
    return new AuditEvent(Instant.parse("2026-01-02T03:04:05Z"), "00112233aabbccdd", "ab".repeat(32),
        "POST", "/v1/x", operation, key, outcome, 200, 12);
  }

  @Test
  void aSuccessfulDisable_isAnEventThatRevokesThatKeysCache() {
    KeyLifecycleEvent e = KeyLifecycleEvent.fromAuditJson(event("disable", "photos", "ok").toJson()).orElseThrow();
    assertThat(e).isEqualTo(new KeyLifecycleEvent("disable", "photos"));
    assertThat(e.revokesCachedKeys()).isTrue();
    assertThat(e.concernsEveryKey()).isFalse();
  }

  @Test
  void seal_concernsEveryKey_andUnsealOrEnableRevokeNothing() {
    KeyLifecycleEvent seal = KeyLifecycleEvent.fromAuditJson(event("seal", null, "ok").toJson()).orElseThrow();
    assertThat(seal.concernsEveryKey()).isTrue();
    assertThat(seal.revokesCachedKeys()).isTrue();
    assertThat(KeyLifecycleEvent.fromAuditJson(event("unseal", null, "ok").toJson()).orElseThrow()
        .revokesCachedKeys()).isFalse();
    assertThat(KeyLifecycleEvent.fromAuditJson(event("enable", "photos", "ok").toJson()).orElseThrow()
        .revokesCachedKeys()).isFalse();
  }

  @Test
  void dataKeyCalls_refusedCalls_andGarbage_areNoEvents() {
    assertThat(KeyLifecycleEvent.fromAuditJson(event("decrypt", "photos", "ok").toJson())).isEmpty();
    assertThat(KeyLifecycleEvent.fromAuditJson(event("disable", "photos", "NotAuthorized").toJson())).isEmpty();
    assertThat(KeyLifecycleEvent.fromAuditJson("{not json")).isEmpty();
    assertThat(KeyLifecycleEvent.fromAuditJson("[1]")).isEmpty();
    assertThat(KeyLifecycleEvent.fromAuditJson(null)).isEmpty();
  }

  @Test
  void anEventIsValidatedWhereMade() {
    assertThatThrownBy(() -> new KeyLifecycleEvent("generate", "photos")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KeyLifecycleEvent("disable", null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KeyLifecycleEvent("seal", "photos")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theLifecycleSink_passesOnlySuccessfulLifecycleCalls() {
    List<AuditEvent> kept = new ArrayList<>();
    AuditSink sink = AuditSink.only(AuditSink::lifecycleChanges, kept::add);
    sink.record(event("generate", "photos", "ok"));
    sink.record(event("rotate", "photos", "KeyNotFound"));
    sink.record(event("rotate", "photos", "ok"));
    sink.record(event("seal", null, "ok"));
    assertThat(kept).extracting(AuditEvent::operation).containsExactly("rotate", "seal");
  }
}
