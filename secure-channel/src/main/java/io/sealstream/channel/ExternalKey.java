package io.sealstream.channel;

/**
 * The external key (EK) an object key is sealed under: an SSE-C customer key, or a data key that
 * key-service generated under a master key (SSE-S3, SSE-KMS). Opaque and destroyable; destroy it
 * as soon as the object key is sealed or unsealed.
 */
public final class ExternalKey extends KeyMaterial {
  private ExternalKey(byte[] material) {
    super(material, "external key");
  }

  /** An external key holding a copy of {@code key} (32 bytes). The caller should wipe its array. */
  public static ExternalKey copyOf(byte[] key) {
    return new ExternalKey(key);
  }

  /**
   * A new holder of the same key, destroyed independently of this one: what a cache hands out
   * so that callers may destroy their copy when done.
   */
  public ExternalKey copy() {
    return new ExternalKey(material());
  }

  /** An external key from 64 hexadecimal characters. */
  public static ExternalKey fromHex(String hex) {
    return new ExternalKey(parseHex(hex, "external key"));
  }
}
