package io.sealstream.channel;

import java.util.Arrays;

/**
 * An object key sealed under a sealing key: what manifests persist. Not secret on its own, but
 * never logged all the same ({@code toString} shows no bytes).
 *
 * <p>Serialized form ({@link #toBytes()}, 97 bytes): algorithm id (1) ‖ IV (32) ‖ sealed key (64,
 * one final DARE 2.0 package holding the 32-byte object key).
 */
public final class SealedObjectKey {
  public static final int IV_SIZE = 32;
  public static final int SEALED_SIZE = DareFormat.KEY_SIZE + DareFormat.PACKAGE_OVERHEAD;
  public static final int SERIALIZED_SIZE = 1 + IV_SIZE + SEALED_SIZE;

  private final SealAlgorithm algorithm;
  private final byte[] iv;
  private final byte[] sealedKey;

  public SealedObjectKey(SealAlgorithm algorithm, byte[] iv, byte[] sealedKey) {
    if (algorithm == null) {
      throw new IllegalArgumentException("algorithm must not be null");
    }
    if (iv == null || iv.length != IV_SIZE) {
      throw new IllegalArgumentException(
          "IV must be 32 bytes, was " + (iv == null ? "null" : iv.length));
    }
    if (sealedKey == null || sealedKey.length != SEALED_SIZE) {
      throw new IllegalArgumentException(
          "sealed key must be 64 bytes, was " + (sealedKey == null ? "null" : sealedKey.length));
    }
    this.algorithm = algorithm;
    this.iv = iv.clone();
    this.sealedKey = sealedKey.clone();
  }

  /** Parses the 97-byte serialized form. */
  public static SealedObjectKey fromBytes(byte[] bytes) {
    if (bytes == null || bytes.length != SERIALIZED_SIZE) {
      throw new IllegalArgumentException(
          "a sealed object key is 97 bytes, was " + (bytes == null ? "null" : bytes.length));
    }
    SealAlgorithm algorithm =
        SealAlgorithm.fromId(bytes[0])
            .orElseThrow(
                () -> new IllegalArgumentException("unknown seal algorithm id " + bytes[0]));
    return new SealedObjectKey(
        algorithm,
        Arrays.copyOfRange(bytes, 1, 1 + IV_SIZE),
        Arrays.copyOfRange(bytes, 1 + IV_SIZE, SERIALIZED_SIZE));
  }

  public byte[] toBytes() {
    byte[] out = new byte[SERIALIZED_SIZE];
    out[0] = algorithm.id();
    System.arraycopy(iv, 0, out, 1, IV_SIZE);
    System.arraycopy(sealedKey, 0, out, 1 + IV_SIZE, SEALED_SIZE);
    return out;
  }

  public SealAlgorithm algorithm() {
    return algorithm;
  }

  public byte[] iv() {
    return iv.clone();
  }

  public byte[] sealedKey() {
    return sealedKey.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SealedObjectKey other
        && algorithm == other.algorithm
        && Arrays.equals(iv, other.iv)
        && Arrays.equals(sealedKey, other.sealedKey);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(iv) + Arrays.hashCode(sealedKey);
  }

  @Override
  public String toString() {
    return "SealedObjectKey[" + algorithm + ", bytes hidden]";
  }
}
