package io.sealstream.keyservice;

/**
 * The unseal secret (passphrase, root key file content or PKCS#11 PIN) did not open the
 * keystore. The keystore stays sealed; the secret is never echoed.
 */
public final class UnsealSecretWrongException extends KeystoreException {
  private static final long serialVersionUID = 1L;

  public UnsealSecretWrongException(String message) {
    super(message, false);
  }
}
