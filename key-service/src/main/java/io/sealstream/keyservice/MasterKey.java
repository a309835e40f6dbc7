package io.sealstream.keyservice;

/**
 * A master key's 32 bytes, as a {@link MasterKeyStore} hands them to the key service for one
 * operation. Opaque outside this package; destroy it as soon as the operation is done.
 */
public final class MasterKey extends SecretBytes {
  MasterKey(byte[] material) {
    super(material, "master key");
  }
}
