package io.sealstream.keyservice.client;

/**
 * The key service is sealed: it holds no key material until an operator unseals it. Not
 * retryable by a client loop (only an operator brings it back); callers treat it like an outage
 * they cannot shorten.
 */
public final class KeyServiceSealedException extends KeyServiceException {
  private static final long serialVersionUID = 1L;

  public KeyServiceSealedException(int status, String code, String message) {
    super(status, code, message);
  }
}
