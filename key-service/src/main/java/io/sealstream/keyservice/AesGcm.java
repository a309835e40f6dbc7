package io.sealstream.keyservice;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** AES-256-GCM with a 12-byte nonce and a 16-byte tag, the one AEAD of this package. */
final class AesGcm {
  static final int NONCE_SIZE = 12;
  static final int TAG_SIZE = 16;
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";

  private AesGcm() {}

  /** ciphertext ‖ tag. */
  static byte[] seal(byte[] key, byte[] nonce, byte[] plaintext, byte[] aad) {
    try {
      Cipher cipher = init(Cipher.ENCRYPT_MODE, key, nonce);
      cipher.updateAAD(aad);
      return cipher.doFinal(plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is not available in this JDK", e);
    }
  }

  /**
   * The plaintext of {@code ciphertextAndTag}, released only after its tag verified.
   *
   * @throws AEADBadTagException if the tag does not verify under this key, nonce and AAD
   */
  static byte[] open(byte[] key, byte[] nonce, byte[] ciphertextAndTag, byte[] aad)
      throws AEADBadTagException {
    try {
      Cipher cipher = init(Cipher.DECRYPT_MODE, key, nonce);
      cipher.updateAAD(aad);
      return cipher.doFinal(ciphertextAndTag);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is not available in this JDK", e);
    }
  }

  private static Cipher init(int mode, byte[] key, byte[] nonce) throws GeneralSecurityException {
    if (nonce.length != NONCE_SIZE) {
      throw new IllegalArgumentException("nonce must be 12 bytes, was " + nonce.length);
    }
    Cipher cipher = Cipher.getInstance(TRANSFORMATION);
    cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(8 * TAG_SIZE, nonce));
    return cipher;
  }
}
