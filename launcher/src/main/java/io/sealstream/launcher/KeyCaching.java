package io.sealstream.launcher;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How long the pipeline reuses keys from key-service ({@code KeyServiceKeySource}): a bucket key
 * serves new objects for one {@code bucketKeyEpoch}; an opened key is reused for {@code
 * unwrapLifetime}. These bound how long a key-service outage stays invisible, and how stale the
 * caches can be when a lifecycle event is lost. {@code clock} is the caches' clock (tests move
 * it to expire entries without waiting).
 */
record KeyCaching(Duration bucketKeyEpoch, Duration unwrapLifetime, Clock clock) {
  /** One bucket key per bucket and hour, opened keys kept 5 minutes. */
  static final KeyCaching DEFAULT =
      new KeyCaching(Duration.ofHours(1), Duration.ofMinutes(5), Clock.systemUTC());

  KeyCaching {
    Objects.requireNonNull(bucketKeyEpoch, "bucketKeyEpoch");
    Objects.requireNonNull(unwrapLifetime, "unwrapLifetime");
    Objects.requireNonNull(clock, "clock");
    if (bucketKeyEpoch.toMillis() < 1 || unwrapLifetime.toMillis() < 1) {
      throw new IllegalArgumentException("key cache lifetimes must be at least 1 ms");
    }
  }
}
