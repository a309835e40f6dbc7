package io.sealstream.ingest;

import java.util.Objects;

/**
 * An S3 error answer: thrown by handlers and parsers, turned into the XML body (or, for HEAD, the
 * bare status) by the router. The message goes to the client, so it never holds secrets.
 */
public final class S3Exception extends Exception {
  private static final long serialVersionUID = 1L;
  private final S3Error error;

  S3Exception(S3Error error, String message) {
    super(message, null, false, false);
    this.error = Objects.requireNonNull(error, "error");
  }

  public S3Error error() {
    return error;
  }
}
