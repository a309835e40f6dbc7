package io.sealstream.keyservice.client;

/**
 * The master key exists but is disabled: generate and decrypt are refused until an operator
 * enables it. Not retryable (retrying cannot help until then).
 */
public final class KeyDisabledException extends KeyServiceException {
  private static final long serialVersionUID = 1L;

  public KeyDisabledException(int status, String code, String message) {
    super(status, code, message);
  }
}
