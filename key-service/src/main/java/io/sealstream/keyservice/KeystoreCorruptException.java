package io.sealstream.keyservice;

/**
 * A stored master key did not verify: its file was altered, truncated, renamed from another
 * key's, or the keystore was opened with a different root key. Not retryable; an operator must
 * look. The message names the key and what failed, never material.
 */
public final class KeystoreCorruptException extends KeystoreException {
  private static final long serialVersionUID = 1L;

  public KeystoreCorruptException(String message) {
    super(message);
  }

  public KeystoreCorruptException(String message, Throwable cause) {
    super(message, cause);
  }
}
