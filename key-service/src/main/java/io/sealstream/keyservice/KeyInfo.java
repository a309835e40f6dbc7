package io.sealstream.keyservice;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What describe answers about a master key: name, creation time, state and versions (numbered
 * 1..n without gaps, oldest first). Never material: safe to log and to send.
 */
public record KeyInfo(KeyName name, Instant created, KeyState state, List<KeyVersionInfo> versions) {
  public KeyInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(state, "state");
    versions = List.copyOf(versions);
    if (versions.isEmpty()) {
      throw new IllegalArgumentException("a master key has at least one version");
    }
    for (int i = 0; i < versions.size(); i++) {
      if (versions.get(i).version() != i + 1) {
        throw new IllegalArgumentException("key versions must be 1..n in order");
      }
    }
  }

  /** The newest version: the one generate and encrypt use. */
  public int latestVersion() {
    return versions.size();
  }

  public boolean isEnabled() {
    return state == KeyState.ENABLED;
  }
}
