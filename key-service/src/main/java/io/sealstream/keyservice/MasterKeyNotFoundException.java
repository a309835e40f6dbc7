package io.sealstream.keyservice;

/** No master key of that name: never created, or deleted (deletion is final). */
public final class MasterKeyNotFoundException extends KeystoreException {
  private static final long serialVersionUID = 1L;

  public MasterKeyNotFoundException(KeyName name) {
    super("master key '" + name + "' does not exist");
  }
}
