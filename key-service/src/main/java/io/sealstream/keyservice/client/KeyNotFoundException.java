package io.sealstream.keyservice.client;

/** The master key does not exist (never created, or deleted). A final answer: never retry. */
public final class KeyNotFoundException extends KeyServiceException {
  private static final long serialVersionUID = 1L;

  public KeyNotFoundException(int status, String code, String message) {
    super(status, code, message);
  }
}
