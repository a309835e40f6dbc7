package io.sealstream.keyservice.client;

/**
 * A key-service call failed. The subclasses are the cases callers branch on; anything else (a
 * rejected request, a missing or wrong API key, a response the client cannot read) is this class
 * itself, with the service's error {@link #code()} and HTTP {@link #status()}. Messages carry no
 * key material.
 */
public class KeyServiceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;

  /** {@code status} is the HTTP status, or 0 when there was no response. */
  public KeyServiceException(int status, String code, String message) {
    this(status, code, message, null);
  }

  public KeyServiceException(int status, String code, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.code = code;
  }

  /** The HTTP status, or 0 when there was no response. */
  public int status() {
    return status;
  }

  /** The service's error code (such as {@code "KeyNotFound"}), or a client-side one. */
  public String code() {
    return code;
  }

  /** Whether the same call may succeed if repeated later. Only unavailability is retryable. */
  public boolean isRetryable() {
    return false;
  }
}
