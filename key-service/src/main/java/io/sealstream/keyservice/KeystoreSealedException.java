package io.sealstream.keyservice;

/**
 * The key service is sealed: it holds no root key and no master key material, so nothing that
 * needs key material can be answered until an operator unseals it.
 */
public final class KeystoreSealedException extends KeystoreException {
  private static final long serialVersionUID = 1L;

  public KeystoreSealedException() {
    super("key service is sealed", false);
  }
}
