package io.sealstream.keymaterial;

/**
 * key-service could not be reached or answered with a server error: retryable. The stream task
 * fails and is replaced, and processing resumes from the last committed chunk, so an outage
 * turns into backpressure, never into lost or half-sealed data.
 */
public final class KeyUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  public KeyUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
