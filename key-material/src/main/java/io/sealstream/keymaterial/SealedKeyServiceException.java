package io.sealstream.keymaterial;

/**
 * key-service is sealed: every key it holds is locked until an operator unseals it (S3: 503
 * {@code ServiceUnavailable}, or MinIO's {@code KMS.KMSInvalidStateException}-like state). Not
 * retryable by a loop; the pipeline waits (backpressure) and reads fail clearly.
 */
public final class SealedKeyServiceException extends KeyUnavailableException {
  private static final long serialVersionUID = 1L;

  public SealedKeyServiceException(Throwable cause) {
    super("key-service is sealed", cause);
  }

  @Override
  public boolean isRetryable() {
    return false;
  }
}
