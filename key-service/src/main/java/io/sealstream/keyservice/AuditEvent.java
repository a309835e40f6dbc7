package io.sealstream.keyservice;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One audited call: when, which request, who (the identity, or {@code null} when the caller was
 * not authenticated), what (method, path, operation), on which key (or {@code null}), the
 * outcome ({@code ok} or the error code), the HTTP status and how long it took. Built only from
 * the request line, the route and the result: never a body, never key material or plaintext.
 */
public record AuditEvent(
    Instant time,
    String requestId,
    String identity,
    String method,
    String path,
    String operation,
    String key,
    String outcome,
    int status,
    long durationMicros) {
  public AuditEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(outcome, "outcome");
  }

  /** The fields in a fixed order, as the audit line and the Kafka record carry them. */
  public Map<String, Object> fields() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("time", time.toString());
    m.put("requestId", requestId);
    m.put("identity", identity);
    m.put("method", method);
    m.put("path", path);
    m.put("operation", operation);
    m.put("key", key);
    m.put("outcome", outcome);
    m.put("status", status);
    m.put("durationMicros", durationMicros);
    return m;
  }

  /** The event as one line of JSON, without the newline. */
  public String toJson() {
    return new String(Json.write(fields()), java.nio.charset.StandardCharsets.UTF_8);
  }
}
