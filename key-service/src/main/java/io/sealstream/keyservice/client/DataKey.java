package io.sealstream.keyservice.client;

import io.sealstream.channel.ExternalKey;
import javax.security.auth.Destroyable;

/**
 * A data key as generated: the key itself, as the {@link ExternalKey} that seals object keys,
 * and its ciphertext under the master key, which is what gets stored. Immutable apart from
 * {@link #destroy()}; {@code toString} shows no material.
 */
public final class DataKey implements Destroyable {
  private final ExternalKey key;
  private final byte[] ciphertext;

  /** A data key holding {@code key} and a copy of {@code ciphertext}. */
  public DataKey(ExternalKey key, byte[] ciphertext) {
    if (key == null) {
      throw new IllegalArgumentException("data key must have a key, was null");
    }
    if (ciphertext == null || ciphertext.length == 0) {
      throw new IllegalArgumentException("data key must have a non-empty ciphertext");
    }
    this.key = key;
    this.ciphertext = ciphertext.clone();
  }

  /** The plaintext key. Destroying it (or this data key) ends its use everywhere. */
  public ExternalKey key() {
    return key;
  }

  /** A copy of the ciphertext: not secret, safe to store and log. */
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  /** Destroys the plaintext key; the ciphertext stays readable. */
  @Override
  public void destroy() {
    key.destroy();
  }

  @Override
  public boolean isDestroyed() {
    return key.isDestroyed();
  }

  @Override
  public String toString() {
    return "DataKey[key=" + key + ", ciphertext=" + ciphertext.length + " bytes]";
  }
}
