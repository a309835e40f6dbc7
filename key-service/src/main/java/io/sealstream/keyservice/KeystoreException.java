package io.sealstream.keyservice;

/**
 * The family of failures of the key-service core (keystores, the key lifecycle, sealing): every
 * exception this package throws on purpose is one of these, so the server maps them in one
 * place. Messages name the key and what failed, never key material.
 */
public class KeystoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KeystoreException(String message) {
    super(message);
  }

  public KeystoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Without a stack trace: for expected, caller-caused outcomes answered many times a second. */
  KeystoreException(String message, boolean withStackTrace) {
    super(message, null, false, withStackTrace);
  }
}
