package io.sealstream.channel;

/**
 * Hostile or corrupt input: a tag that does not verify, a malformed or reordered package, a
 * truncated or extended stream, a sealed key that does not open under the given key and identity.
 * Callers must never retry this and must never release data that led to it.
 */
public final class NotAuthenticException extends SecureChannelException {
  private static final long serialVersionUID = 1L;

  public NotAuthenticException(String message) {
    super(message);
  }

  public NotAuthenticException(String message, Throwable cause) {
    super(message, cause);
  }
}
