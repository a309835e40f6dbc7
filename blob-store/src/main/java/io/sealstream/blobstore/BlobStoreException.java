package io.sealstream.blobstore;

import java.io.IOException;

/** A storage failure (disk full, I/O error, missing blob). */
public class BlobStoreException extends IOException {
  private static final long serialVersionUID = 1L;

  public BlobStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public BlobStoreException(String message) {
    super(message);
  }
}
