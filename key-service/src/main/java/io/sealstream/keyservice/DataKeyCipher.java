package io.sealstream.keyservice;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;

/**
 * Wraps and unwraps data keys under a master key, bound to the key's name and a context.
 *
 * <p>Ciphertext, 61 bytes:
 *
 * <pre>
 *   0  1  version 0x01
 *   1 12  nonce, random per data key
 *  13 48  AES-256-GCM(master key, nonce, data key (32)) ‖ tag (16),
 *         AAD = lp("sealstream-kms-v1") ‖ lp(UTF-8 key name) ‖ lp(canonical JSON of the context)
 * </pre>
 *
 * A ciphertext opens only under the same master key, the same key name and the byte-identical
 * context; anything else is {@link DataKeyNotAuthenticException}, and no plaintext is released.
 * Stateless and thread-safe.
 */
final class DataKeyCipher {
  static final byte VERSION = 0x01;
  static final String AAD_LABEL = "sealstream-kms-v1";
  static final int DATA_KEY_SIZE = 32;
  static final int CIPHERTEXT_SIZE = 1 + AesGcm.NONCE_SIZE + DATA_KEY_SIZE + AesGcm.TAG_SIZE;
  static final String NOT_AUTHENTIC = "ciphertext is not authentic";

  private final SecureRandom random;

  DataKeyCipher(SecureRandom random) {
    this.random = random;
  }

  /** A new random data key and its ciphertext. The caller wipes the plaintext when done. */
  DataKeyPair generate(MasterKey master, KeyName name, KeyContext context) {
    byte[] dataKey = new byte[DATA_KEY_SIZE];
    random.nextBytes(dataKey);
    byte[] nonce = new byte[AesGcm.NONCE_SIZE];
    random.nextBytes(nonce);
    return new DataKeyPair(dataKey, wrap(master, name, context, dataKey, nonce));
  }

  /** The one place a nonce is chosen by the caller: fresh random above, fixed in format tests. */
  static byte[] wrap(MasterKey master, KeyName name, KeyContext context, byte[] dataKey, byte[] nonce) {
    if (dataKey.length != DATA_KEY_SIZE) {
      throw new IllegalArgumentException("data key must be 32 bytes, was " + dataKey.length);
    }
    byte[] sealed = AesGcm.seal(master.material(), nonce, dataKey, aad(name, context));
    return ByteBuffer.allocate(CIPHERTEXT_SIZE).put(VERSION).put(nonce).put(sealed).array();
  }

  /**
   * The data key in {@code ciphertext}, released only if it verifies under this master key,
   * name and context. The caller wipes it when done.
   *
   * @throws DataKeyNotAuthenticException for a wrong size or version, another key, name or context, or
   *     any altered byte
   */
  static byte[] unwrap(MasterKey master, KeyName name, KeyContext context, byte[] ciphertext) {
    if (ciphertext.length != CIPHERTEXT_SIZE) {
      throw new DataKeyNotAuthenticException(
          NOT_AUTHENTIC + ": " + ciphertext.length + " bytes, expected " + CIPHERTEXT_SIZE);
    }
    if (ciphertext[0] != VERSION) {
      throw new DataKeyNotAuthenticException(
          NOT_AUTHENTIC + ": unknown version " + (ciphertext[0] & 0xff));
    }
    byte[] nonce = Arrays.copyOfRange(ciphertext, 1, 1 + AesGcm.NONCE_SIZE);
    byte[] sealed = Arrays.copyOfRange(ciphertext, 1 + AesGcm.NONCE_SIZE, CIPHERTEXT_SIZE);
    try {
      return AesGcm.open(master.material(), nonce, sealed, aad(name, context));
    } catch (AEADBadTagException e) {
      throw new DataKeyNotAuthenticException(NOT_AUTHENTIC);
    }
  }

  static byte[] aad(KeyName name, KeyContext context) {
    return LengthPrefixed.of(
        LengthPrefixed.utf8(AAD_LABEL),
        LengthPrefixed.utf8(name.value()),
        context.canonicalJson());
  }

  /** A generated data key: plaintext (secret, wipe after use) and ciphertext. */
  record DataKeyPair(byte[] plaintext, byte[] ciphertext) {
    void wipe() {
      Arrays.fill(plaintext, (byte) 0);
    }

    @Override
    public String toString() {
      return "DataKeyPair[plaintext hidden, ciphertext=" + ciphertext.length + " bytes]";
    }
  }
}
