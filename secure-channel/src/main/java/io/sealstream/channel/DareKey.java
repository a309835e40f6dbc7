package io.sealstream.channel;

/**
 * A 256-bit key for one DARE 2.0 stream: an object key used directly, a part key, or one of the
 * keys derived from an object key for sealing ETags and checksums. Opaque: it opens and seals
 * streams through {@link DareSealer}, {@link DareOpener} and the stream adapters, and never hands
 * out its bytes.
 */
public final class DareKey extends KeyMaterial {
  private DareKey(byte[] material) {
    super(material, "DARE key");
  }

  /** A key holding a copy of {@code key} (32 bytes). The caller should wipe its array. */
  public static DareKey copyOf(byte[] key) {
    return new DareKey(key);
  }

  /** A key from 64 hexadecimal characters, as given on the command line. */
  public static DareKey fromHex(String hex) {
    return new DareKey(parseHex(hex, "DARE key"));
  }

  javax.crypto.spec.SecretKeySpec spec(CipherSuite suite) {
    return new javax.crypto.spec.SecretKeySpec(material(), suite.keyAlgorithm());
  }
}
