package io.sealstream.keyservice;

/** A master key of that name already exists; create never replaces one. */
public final class MasterKeyExistsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MasterKeyExistsException(KeyName name) {
    super("master key '" + name + "' already exists");
  }
}
