package io.sealstream.ingest;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The S3 access keys this server accepts: access key id → secret access key. Empty means
 * authentication is off (only for in-process tests with a stub pipeline). {@link #toString}
 * names the access key ids only, never a secret. Immutable and thread-safe.
 */
public final class Credentials {
  private static final Credentials NONE = new Credentials(Map.of());

  private final Map<String, String> secretsByAccessKey;

  private Credentials(Map<String, String> secretsByAccessKey) {
    this.secretsByAccessKey = Map.copyOf(secretsByAccessKey);
    this.secretsByAccessKey.forEach(
        (k, v) -> {
          if (k.isEmpty() || v.isEmpty()) {
            throw new IllegalArgumentException("access key and secret key must not be empty");
          }
          if (k.indexOf('/') >= 0) {
            throw new IllegalArgumentException("access key must not contain '/'");
          }
        });
  }

  /** No credentials: every request is accepted unauthenticated. */
  public static Credentials none() {
    return NONE;
  }

  public static Credentials of(String accessKey, String secretKey) {
    Objects.requireNonNull(accessKey, "accessKey");
    Objects.requireNonNull(secretKey, "secretKey");
    return new Credentials(Map.of(accessKey, secretKey));
  }

  public static Credentials of(Map<String, String> secretsByAccessKey) {
    return new Credentials(Objects.requireNonNull(secretsByAccessKey, "secretsByAccessKey"));
  }

  /** True when requests must carry a valid SigV4 signature. */
  public boolean enabled() {
    return !secretsByAccessKey.isEmpty();
  }

  /** The secret of {@code accessKey}, if it is known. */
  Optional<String> secret(String accessKey) {
    return Optional.ofNullable(secretsByAccessKey.get(accessKey));
  }

  @Override
  public String toString() {
    return "Credentials" + secretsByAccessKey.keySet();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Credentials c && c.secretsByAccessKey.equals(secretsByAccessKey);
  }

  @Override
  public int hashCode() {
    return secretsByAccessKey.hashCode();
  }
}
