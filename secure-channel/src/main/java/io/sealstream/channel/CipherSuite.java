package io.sealstream.channel;

import java.security.spec.AlgorithmParameterSpec;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;

/**
 * The two DARE 2.0 AEADs. The {@link #id()} byte is what the package header carries and is part
 * of the persisted format; never renumber it.
 */
public enum CipherSuite {
  AES_256_GCM((byte) 0x00, "aes", "AES/GCM/NoPadding", "AES"),
  CHACHA20_POLY1305((byte) 0x01, "chacha", "ChaCha20-Poly1305", "ChaCha20");

  /** System property that overrides the CPU-based choice: {@code aes} or {@code chacha}. */
  public static final String OVERRIDE_PROPERTY = "sealstream.dare.cipher";

  /** Environment variable with the same meaning as {@link #OVERRIDE_PROPERTY}. */
  public static final String OVERRIDE_ENV = "SEALSTREAM_DARE_CIPHER";

  private final byte id;
  private final String shortName;
  private final String transformation;
  private final String keyAlgorithm;

  CipherSuite(byte id, String shortName, String transformation, String keyAlgorithm) {
    this.id = id;
    this.shortName = shortName;
    this.transformation = transformation;
    this.keyAlgorithm = keyAlgorithm;
  }

  /** The header byte of this suite. */
  public byte id() {
    return id;
  }

  /** The name used on the command line and in configuration: {@code aes} or {@code chacha}. */
  public String shortName() {
    return shortName;
  }

  /** The suite with the given header byte, if it is one DARE 2.0 defines. */
  public static Optional<CipherSuite> fromId(int id) {
    for (CipherSuite s : values()) {
      if (s.id == id) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** Parses {@code aes} or {@code chacha} (case-insensitive). */
  public static CipherSuite fromShortName(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (CipherSuite s : values()) {
      if (s.shortName.equals(n)) {
        return s;
      }
    }
    throw new IllegalArgumentException("cipher must be 'aes' or 'chacha', was '" + name + "'");
  }

  /**
   * The suite to encrypt with on this machine: the override if one is set, otherwise AES-256-GCM
   * where the CPU has AES and carry-less multiply instructions, and ChaCha20-Poly1305 elsewhere
   * (the rule minio/sio applies). Decryption always accepts both.
   */
  public static CipherSuite forThisMachine() {
    String override = System.getProperty(OVERRIDE_PROPERTY);
    if (override == null || override.isBlank()) {
      override = System.getenv(OVERRIDE_ENV);
    }
    if (override != null && !override.isBlank()) {
      return fromShortName(override);
    }
    return CpuFeatures.hasHardwareAesGcm() ? AES_256_GCM : CHACHA20_POLY1305;
  }

  Cipher newCipher() {
    try {
      return Cipher.getInstance(transformation);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no " + transformation + " cipher", e);
    }
  }

  String keyAlgorithm() {
    return keyAlgorithm;
  }

  AlgorithmParameterSpec parameters(byte[] nonce) {
    return this == AES_256_GCM
        ? new GCMParameterSpec(DareFormat.TAG_SIZE * 8, nonce)
        : new IvParameterSpec(nonce);
  }
}
