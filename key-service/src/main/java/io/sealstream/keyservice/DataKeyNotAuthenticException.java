package io.sealstream.keyservice;

/**
 * A ciphertext did not verify: wrong size or format version, a key version the master key does
 * not have (or no longer has), another master key, key name or context, or an altered byte.
 * Hostile or corrupt input, answered as {@code CiphertextNotAuthentic}; never retried, and no
 * plaintext is released. The message names what failed (for the log), never material.
 */
final class DataKeyNotAuthenticException extends KeystoreException {
  private static final long serialVersionUID = 1L;

  DataKeyNotAuthenticException(String message) {
    super(message, false);
  }
}
