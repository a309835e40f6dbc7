package io.sealstream.tls;

import java.nio.file.Path;

/**
 * TLS material that cannot be used: a missing or unreadable file, a damaged PEM block, a key that
 * does not match its certificate. The message names the file and the problem, and never carries
 * key bytes; for private keys the parser's own exception is deliberately not attached as the
 * cause, since its message may quote the input.
 */
public final class TlsConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public TlsConfigException(String message) {
    super(message);
  }

  public TlsConfigException(String message, Throwable cause) {
    super(message, cause);
  }

  static TlsConfigException about(Path file, String problem) {
    return new TlsConfigException(file + ": " + problem);
  }

  static TlsConfigException about(Path file, String problem, Throwable cause) {
    return new TlsConfigException(file + ": " + problem, cause);
  }
}
