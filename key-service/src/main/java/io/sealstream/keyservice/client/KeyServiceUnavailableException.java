package io.sealstream.keyservice.client;

/**
 * The key service could not answer: connection refused or reset, a timeout, or a 5xx status
 * (its key store down, an internal error). The only retryable key-service failure.
 */
public final class KeyServiceUnavailableException extends KeyServiceException {
  private static final long serialVersionUID = 1L;

  public KeyServiceUnavailableException(int status, String code, String message, Throwable cause) {
    super(status, code, message, cause);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
