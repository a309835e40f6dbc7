package io.sealstream.keyservice;

/** A master key of that name already exists; create and import never replace one. */
public final class MasterKeyExistsException extends KeystoreException {
  private static final long serialVersionUID = 1L;

  public MasterKeyExistsException(KeyName name) {
    super("master key '" + name + "' already exists");
  }
}
