package io.sealstream.keyservice.client;

/** Create found a master key of that name; the existing key is unchanged. */
public final class KeyAlreadyExistsException extends KeyServiceException {
  private static final long serialVersionUID = 1L;

  public KeyAlreadyExistsException(int status, String code, String message) {
    super(status, code, message);
  }
}
