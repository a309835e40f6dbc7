package io.sealstream.keyservice;

/**
 * A data-key ciphertext did not verify: wrong size or version, another master key, key name or
 * context, or an altered byte. Hostile or corrupt input, answered as {@code
 * CiphertextNotAuthentic}; never retried, and no plaintext is released. The message names what
 * failed (for the log), never material.
 */
final class DataKeyNotAuthenticException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  DataKeyNotAuthenticException(String message) {
    super(message, null, false, false);
  }
}
