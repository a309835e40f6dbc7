package io.sealstream.keymaterial;

/**
 * The named master key does not exist in key-service: the caller's mistake (S3:
 * KMS.NotFoundException), never retried.
 */
public final class UnknownMasterKeyException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UnknownMasterKeyException(String masterKeyId) {
    super("master key '" + masterKeyId + "' does not exist");
  }
}
