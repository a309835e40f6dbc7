package io.sealstream.keyservice;

import java.time.Instant;
import java.util.Objects;

/** One version of a master key: its number (1, 2, …) and when it was made. Never material. */
public record KeyVersionInfo(int version, Instant created) {
  public KeyVersionInfo {
    if (version < 1) {
      throw new IllegalArgumentException("key versions start at 1, was " + version);
    }
    Objects.requireNonNull(created, "created");
  }
}
