package io.sealstream.keyservice.client;

/** The caller's identity may not call this API on this key (its policy). Never retried. */
public final class NotAuthorizedException extends KeyServiceException {
  private static final long serialVersionUID = 1L;

  public NotAuthorizedException(int status, String code, String message) {
    super(status, code, message);
  }
}
