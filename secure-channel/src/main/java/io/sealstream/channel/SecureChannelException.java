package io.sealstream.channel;

import java.io.IOException;

/**
 * Root of the secure channel's checked exceptions. It extends {@link IOException} so that the
 * stream adapters can throw it from {@code read} and {@code write}. Messages never carry key
 * material or plaintext.
 */
public class SecureChannelException extends IOException {
  private static final long serialVersionUID = 1L;

  public SecureChannelException(String message) {
    super(message);
  }

  public SecureChannelException(String message, Throwable cause) {
    super(message, cause);
  }
}
