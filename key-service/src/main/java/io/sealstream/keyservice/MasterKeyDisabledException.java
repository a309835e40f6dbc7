package io.sealstream.keyservice;

/**
 * The master key exists but an operator disabled it: generate, encrypt and decrypt are refused
 * until it is enabled again. Nothing is lost; this is the per-key "lock" of MinIO's secure
 * erasure and locking.
 */
public final class MasterKeyDisabledException extends KeystoreException {
  private static final long serialVersionUID = 1L;

  public MasterKeyDisabledException(KeyName name) {
    super("master key '" + name + "' is disabled", false);
  }
}
