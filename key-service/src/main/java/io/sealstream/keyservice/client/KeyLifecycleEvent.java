package io.sealstream.keyservice.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A change of a master key's usability that callers caching key material must hear about: a
 * successful {@code disable}, {@code delete}, {@code rotate} or {@code seal} (cached material
 * must be dropped) or {@code enable}, {@code unseal} (nothing cached to drop, but a watcher may
 * log it). key-service publishes them as audit JSON lines on a small topic; this is the reading
 * side's view of one.
 *
 * @param operation one of {@link #OPERATIONS}
 * @param key the master key, or null for {@code seal} / {@code unseal}, which concern every key
 */
public record KeyLifecycleEvent(String operation, String key) {
  /** The operations that change what cached key material may still be used for. */
  public static final Set<String> OPERATIONS =
      Set.of("disable", "enable", "delete", "rotate", "seal", "unseal");

  private static final ObjectMapper JSON = new ObjectMapper();

  public KeyLifecycleEvent {
    if (!OPERATIONS.contains(operation)) {
      throw new IllegalArgumentException("not a lifecycle operation: " + operation);
    }
    boolean global = operation.equals("seal") || operation.equals("unseal");
    if (global != (key == null)) {
      throw new IllegalArgumentException(operation + (global ? " names no key" : " needs a key"));
    }
  }

  /** Whether an audited call of {@code operation} that ended in {@code outcome} is one. */
  public static boolean isLifecycleChange(String operation, String outcome) {
    return OPERATIONS.contains(operation) && "ok".equals(outcome);
  }

  /**
   * The event an audit record (one JSON object, as key-service's audit log writes it) stands
   * for, if it is a successful lifecycle change; empty for every other record and for anything
   * that does not parse (a reader must not stop on one bad record).
   */
  public static Optional<KeyLifecycleEvent> fromAuditJson(String json) {
    if (json == null) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(json);
      if (node == null || !node.isObject()) {
        return Optional.empty();
      }
      String operation = node.path("operation").asText(null);
      String outcome = node.path("outcome").asText(null);
      if (!isLifecycleChange(operation, outcome)) {
        return Optional.empty();
      }
      JsonNode key = node.get("key");
      String name = key == null || key.isNull() ? null : key.asText();
      boolean global = operation.equals("seal") || operation.equals("unseal");
      return Optional.of(new KeyLifecycleEvent(operation, global ? null : Objects.requireNonNull(name)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Whether material cached under the key (or, for {@code seal}, any key) must be dropped now. */
  public boolean revokesCachedKeys() {
    return switch (operation) {
      case "disable", "delete", "rotate", "seal" -> true;
      default -> false;
    };
  }

  /** Whether it concerns every key ({@code seal}, {@code unseal}). */
  public boolean concernsEveryKey() {
    return key == null;
  }
}
