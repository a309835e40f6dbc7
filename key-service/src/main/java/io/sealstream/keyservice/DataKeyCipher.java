package io.sealstream.keyservice;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;

/**
 * Encrypts small payloads (data keys from generate, anything from encrypt) under a master key
 * version held by a {@link MasterKeyStore}, bound to the key's name, the version and a context.
 *
 * <p>Ciphertext, format version 2 (written):
 *
 * <pre>
 *   0  1  format version 0x02
 *   1  4  master key version (uint32 BE, ≥ 1)
 *   5 12  nonce, random per ciphertext
 *  17  n  AES-256-GCM(master key version, nonce, plaintext) ‖ tag (16),
 *         AAD = lp("sealstream-kms-v2") ‖ lp(UTF-8 key name) ‖ lp(uint32 BE key version)
 *               ‖ lp(canonical JSON of the context)
 * </pre>
 *
 * A 32-byte data key makes 65 bytes. Format version 1 (read only: what the service wrote before
 * key versions existed) is exactly 61 bytes, {@code 0x01 ‖ nonce ‖ GCM(…) ‖ tag} with AAD {@code
 * lp("sealstream-kms-v1") ‖ lp(name) ‖ lp(context)}, and opens under key version 1.
 *
 * <p>A ciphertext opens only under the same master key version, key name and byte-identical
 * context; anything else is {@link DataKeyNotAuthenticException}, and no plaintext is released.
 * Thread-safe.
 */
final class DataKeyCipher {
  static final byte V1 = 0x01;
  static final byte V2 = 0x02;
  static final String AAD_LABEL_V1 = "sealstream-kms-v1";
  static final String AAD_LABEL_V2 = "sealstream-kms-v2";
  static final int DATA_KEY_SIZE = 32;
  static final int V1_SIZE = 1 + AesGcm.NONCE_SIZE + DATA_KEY_SIZE + AesGcm.TAG_SIZE;
  static final int V2_HEADER_SIZE = 1 + 4 + AesGcm.NONCE_SIZE;
  /** The largest plaintext encrypt takes: small secrets, not bulk data. */
  static final int MAX_PLAINTEXT = 64 * 1024;
  static final String NOT_AUTHENTIC = "ciphertext is not authentic";

  private final MasterKeyStore store;
  private final SecureRandom random;

  DataKeyCipher(MasterKeyStore store, SecureRandom random) {
    this.store = store;
    this.random = random;
  }

  /** A new random data key and its ciphertext under {@code version}. The caller wipes the plaintext. */
  DataKeyPair generate(KeyName name, int version, KeyContext context) {
    byte[] dataKey = new byte[DATA_KEY_SIZE];
    random.nextBytes(dataKey);
    return new DataKeyPair(dataKey, encrypt(name, version, context, dataKey));
  }

  /** {@code plaintext} encrypted under {@code version} of {@code name}, bound to {@code context}. */
  byte[] encrypt(KeyName name, int version, KeyContext context, byte[] plaintext) {
    byte[] nonce = new byte[AesGcm.NONCE_SIZE];
    random.nextBytes(nonce);
    return encrypt(name, version, context, plaintext, nonce);
  }

  /** The one place a nonce is chosen by the caller: fresh random above, fixed in format tests. */
  byte[] encrypt(KeyName name, int version, KeyContext context, byte[] plaintext, byte[] nonce) {
    if (plaintext.length > MAX_PLAINTEXT) {
      throw new IllegalArgumentException("plaintext must be at most " + MAX_PLAINTEXT + " bytes");
    }
    byte[] sealed = store.encrypt(name, version, nonce, plaintext, aadV2(name, version, context));
    return ByteBuffer.allocate(V2_HEADER_SIZE + sealed.length)
        .put(V2)
        .putInt(version)
        .put(nonce)
        .put(sealed)
        .array();
  }

  /** The master key version a ciphertext names (1 for format version 1). */
  static int keyVersionOf(byte[] ciphertext) {
    if (ciphertext.length == V1_SIZE && ciphertext[0] == V1) {
      return 1;
    }
    if (ciphertext.length < V2_HEADER_SIZE + AesGcm.TAG_SIZE) {
      throw new DataKeyNotAuthenticException(
          NOT_AUTHENTIC + ": " + ciphertext.length + " bytes, too short");
    }
    if (ciphertext[0] != V2) {
      throw new DataKeyNotAuthenticException(
          NOT_AUTHENTIC + ": unknown format version " + (ciphertext[0] & 0xff));
    }
    int version = ByteBuffer.wrap(ciphertext, 1, 4).getInt();
    if (version < 1) {
      throw new DataKeyNotAuthenticException(NOT_AUTHENTIC + ": key version " + version);
    }
    return version;
  }

  /**
   * The plaintext in {@code ciphertext}, released only if it verifies under the key version it
   * names, this name and this context. The caller wipes it when done.
   *
   * @throws DataKeyNotAuthenticException for a wrong size or format, an unknown key version,
   *     another key, name or context, or any altered byte
   */
  byte[] decrypt(KeyName name, KeyContext context, byte[] ciphertext) {
    int version = keyVersionOf(ciphertext);
    byte[] nonce;
    byte[] sealed;
    byte[] aad;
    if (ciphertext[0] == V1) {
      nonce = Arrays.copyOfRange(ciphertext, 1, 1 + AesGcm.NONCE_SIZE);
      sealed = Arrays.copyOfRange(ciphertext, 1 + AesGcm.NONCE_SIZE, ciphertext.length);
      aad = aadV1(name, context);
    } else {
      nonce = Arrays.copyOfRange(ciphertext, 5, V2_HEADER_SIZE);
      sealed = Arrays.copyOfRange(ciphertext, V2_HEADER_SIZE, ciphertext.length);
      aad = aadV2(name, version, context);
    }
    try {
      return store.decrypt(name, version, nonce, sealed, aad);
    } catch (AEADBadTagException e) {
      throw new DataKeyNotAuthenticException(NOT_AUTHENTIC);
    }
  }

  static byte[] aadV1(KeyName name, KeyContext context) {
    return LengthPrefixed.of(
        LengthPrefixed.utf8(AAD_LABEL_V1), LengthPrefixed.utf8(name.value()), context.canonicalJson());
  }

  static byte[] aadV2(KeyName name, int version, KeyContext context) {
    return LengthPrefixed.of(
        LengthPrefixed.utf8(AAD_LABEL_V2),
        LengthPrefixed.utf8(name.value()),
        ByteBuffer.allocate(4).putInt(version).array(),
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
