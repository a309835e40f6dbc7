package io.sealstream.keyservice;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.security.auth.Destroyable;

/**
 * Everything a file keystore keeps about one master key, decoded: creation time, state and every
 * version with its material. Immutable apart from {@link #destroy()}; the {@code with…} methods
 * return copies (the caller destroys both). Secret: {@code toString} shows no material.
 */
final class KeyRecord implements Destroyable {
  /** Versions a key may have; bounds the file size (40 bytes a version). */
  static final int MAX_VERSIONS = 10_000;

  record Version(Instant created, byte[] material) {}

  private final Instant created;
  private final KeyState state;
  private final List<Version> versions;
  private volatile boolean destroyed;

  /** Takes copies of the materials; the caller wipes its own. */
  KeyRecord(Instant created, KeyState state, List<Version> versions) {
    if (versions.isEmpty() || versions.size() > MAX_VERSIONS) {
      throw new IllegalArgumentException(
          "a master key has 1.." + MAX_VERSIONS + " versions, was " + versions.size());
    }
    List<Version> copies = new ArrayList<>(versions.size());
    for (Version v : versions) {
      if (v.material().length != SecretBytes.SIZE) {
        throw new IllegalArgumentException("master key material must be 32 bytes");
      }
      copies.add(new Version(v.created(), v.material().clone()));
    }
    this.created = created;
    this.state = state;
    this.versions = List.copyOf(copies);
  }

  static KeyRecord first(Instant now, byte[] material) {
    return new KeyRecord(now, KeyState.ENABLED, List.of(new Version(now, material)));
  }

  Instant created() {
    return created;
  }

  KeyState state() {
    return state;
  }

  List<Version> versions() {
    check();
    return versions;
  }

  /** The material of version {@code version}; callers must not modify or keep it. */
  byte[] material(KeyName name, int version) {
    check();
    if (version < 1 || version > versions.size()) {
      throw new DataKeyNotAuthenticException(
          "ciphertext is not authentic: master key '" + name + "' has no version " + version);
    }
    return versions.get(version - 1).material();
  }

  KeyRecord withState(KeyState newState) {
    return new KeyRecord(created, newState, versions());
  }

  KeyRecord withNewVersion(Instant now, byte[] material) {
    if (versions().size() >= MAX_VERSIONS) {
      throw new IllegalStateException("master key has the maximum of " + MAX_VERSIONS + " versions");
    }
    List<Version> more = new ArrayList<>(versions);
    more.add(new Version(now, material));
    return new KeyRecord(created, state, more);
  }

  KeyInfo info(KeyName name) {
    List<KeyVersionInfo> infos = new ArrayList<>();
    for (int i = 0; i < versions.size(); i++) {
      infos.add(new KeyVersionInfo(i + 1, versions.get(i).created()));
    }
    return new KeyInfo(name, created, state, infos);
  }

  private void check() {
    if (destroyed) {
      throw new IllegalStateException("key record has been destroyed");
    }
  }

  @Override
  public void destroy() {
    destroyed = true;
    for (Version v : versions) {
      Arrays.fill(v.material(), (byte) 0);
    }
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return "KeyRecord[" + state.label() + ", " + versions.size() + " versions, material hidden]";
  }
}
