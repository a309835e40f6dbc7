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

  /** Size of {@link #wrapKey}'s output: nonce (12) ‖ wrapped key (32) ‖ tag (16). */
  public static final int WRAPPED_SIZE = 12 + 32 + 16;

  /**
   * Wraps {@code key} under this key for transit: AES-256-GCM with a fresh random nonce and
   * {@code associatedData} bound, output {@code nonce ‖ ciphertext ‖ tag} ({@value
   * #WRAPPED_SIZE} bytes). Used to carry SSE-C keys across Kafka; see docs/format.md §2.2.
   */
  public byte[] wrapKey(ExternalKey key, byte[] associatedData) {
    byte[] nonce = Randomness.bytes(12);
    byte[] out = new byte[WRAPPED_SIZE];
    System.arraycopy(nonce, 0, out, 0, 12);
    try {
      javax.crypto.Cipher c = transitCipher(javax.crypto.Cipher.ENCRYPT_MODE, nonce, associatedData);
      c.doFinal(key.material(), 0, DareFormat.KEY_SIZE, out, 12);
      return out;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("the JDK refused AES-GCM", e);
    }
  }

  /**
   * Opens what {@link #wrapKey} produced with the same associated data.
   *
   * @throws NotAuthenticException if it was wrapped under another key or for other data, or
   *     altered
   */
  public ExternalKey unwrapKey(byte[] wrapped, byte[] associatedData) throws NotAuthenticException {
    if (wrapped == null || wrapped.length != WRAPPED_SIZE) {
      throw new NotAuthenticException("a wrapped key is 60 bytes");
    }
    byte[] key = new byte[DareFormat.KEY_SIZE];
    try {
      javax.crypto.Cipher c =
          transitCipher(
              javax.crypto.Cipher.DECRYPT_MODE,
              java.util.Arrays.copyOf(wrapped, 12),
              associatedData);
      c.doFinal(wrapped, 12, WRAPPED_SIZE - 12, key, 0);
      return new ExternalKey(key);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new NotAuthenticException("wrapped key does not open: wrong key or context");
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("the JDK refused AES-GCM", e);
    } finally {
      java.util.Arrays.fill(key, (byte) 0);
    }
  }

  private javax.crypto.Cipher transitCipher(int mode, byte[] nonce, byte[] associatedData)
      throws java.security.GeneralSecurityException {
    javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
    c.init(
        mode,
        new javax.crypto.spec.SecretKeySpec(material(), "AES"),
        new javax.crypto.spec.GCMParameterSpec(128, nonce));
    c.updateAAD(associatedData);
    return c;
  }

  /** An external key from 64 hexadecimal characters. */
  public static ExternalKey fromHex(String hex) {
    return new ExternalKey(parseHex(hex, "external key"));
  }
}
