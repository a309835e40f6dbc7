package io.sealstream.keymaterial;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how patiently a failed key-service call is repeated: up to {@code maxAttempts}
 * calls in all, waiting {@code initialBackoff × 2^(n-1)} (capped at {@code maxBackoff}) with
 * "full jitter" (a uniform random wait up to that bound, so many clients do not retry in step)
 * before attempt n+1. Only retryable failures (unavailability) are repeated; "not found", "not
 * authentic", "disabled" and "sealed" never are.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
  /** 4 attempts, 100 ms, 200 ms, 400 ms bounds: a few seconds at worst, inside one call timeout. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(2));

  /** No retries: one attempt. */
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

  public RetryPolicy {
    if (maxAttempts < 1 || maxAttempts > 20) {
      throw new IllegalArgumentException("maxAttempts must be 1..20, was " + maxAttempts);
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("backoffs must be 0 <= initial <= max");
    }
  }

  /** The upper bound of the wait before attempt {@code attempt + 1} (attempt ≥ 1). */
  Duration bound(int attempt) {
    long initial = initialBackoff.toMillis();
    long shifted = attempt >= 31 ? Long.MAX_VALUE : initial << (attempt - 1);
    if (shifted < initial) {
      shifted = Long.MAX_VALUE;
    }
    return Duration.ofMillis(Math.min(shifted, maxBackoff.toMillis()));
  }

  /** A random wait before attempt {@code attempt + 1}, within {@link #bound}. */
  Duration backoff(int attempt) {
    long bound = bound(attempt).toMillis();
    return Duration.ofMillis(bound == 0 ? 0 : ThreadLocalRandom.current().nextLong(bound + 1));
  }
}
