package io.sealstream.keyservice.client;

/**
 * The ciphertext does not open: altered, generated under another key or key name, or with a
 * different context, or its master key was deleted and re-created. Hostile or corrupt data: never
 * retry, and release nothing that depended on it.
 */
public final class CiphertextNotAuthenticException extends KeyServiceException {
  private static final long serialVersionUID = 1L;

  public CiphertextNotAuthenticException(int status, String code, String message) {
    super(status, code, message);
  }
}
