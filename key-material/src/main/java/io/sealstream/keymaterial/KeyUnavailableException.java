package io.sealstream.keymaterial;

/**
 * A key is not available now. The base class means key-service could not be reached or answered
 * with a server error: retryable ({@link #isRetryable()}). The stream task fails and is
 * replaced, and processing resumes from the last committed chunk, so an outage turns into
 * backpressure, never into lost or half-sealed data.
 *
 * <p>Subclasses are the cases only an operator ends, which no retry loop can shorten: {@link
 * MasterKeyDisabledException} and {@link SealedKeyServiceException}. They stay in this family so
 * existing callers keep treating them as "not now" (503 on reads, backpressure on writes) until
 * they map them more precisely.
 */
public class KeyUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  public KeyUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether repeating the call soon may succeed: true for an outage, false for the subclasses. */
  public boolean isRetryable() {
    return true;
  }
}
