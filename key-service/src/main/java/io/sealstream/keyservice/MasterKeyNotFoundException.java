package io.sealstream.keyservice;

/** No master key of that name exists (never created, or deleted). Never worth a retry. */
public final class MasterKeyNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MasterKeyNotFoundException(KeyName name) {
    super("master key '" + name + "' does not exist");
  }
}
