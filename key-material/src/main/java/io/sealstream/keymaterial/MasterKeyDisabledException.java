package io.sealstream.keymaterial;

/**
 * The master key exists but an operator disabled it: nothing can be generated or opened under it
 * until it is enabled again (S3: {@code KMS.DisabledException}). Not retryable.
 */
public final class MasterKeyDisabledException extends KeyUnavailableException {
  private static final long serialVersionUID = 1L;
  private final String masterKeyId;

  public MasterKeyDisabledException(String masterKeyId, Throwable cause) {
    super("master key '" + masterKeyId + "' is disabled", cause);
    this.masterKeyId = masterKeyId;
  }

  public String masterKeyId() {
    return masterKeyId;
  }

  @Override
  public boolean isRetryable() {
    return false;
  }
}
