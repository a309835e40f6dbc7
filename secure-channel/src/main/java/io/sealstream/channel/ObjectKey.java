package io.sealstream.channel;

import java.util.Arrays;

/**
 * An object encryption key (OEK): random per object, stored only sealed. It encrypts a
 * single-part object directly and derives one key per multipart part, plus the keys that seal the
 * object's ETag and checksums. See docs/format.md §2–3.
 *
 * <p>Opaque and destroyable; thread-safe until destroyed.
 */
public final class ObjectKey extends KeyMaterial {
  static final byte[] GENERATION_LABEL = Hmac.utf8("object-encryption-key generation");
  static final byte[] ETAG_LABEL = Hmac.utf8("SSE-etag");
  static final byte[] CHECKSUM_LABEL = Hmac.utf8("object-checksum");
  static final byte[] HELD_BACK_LABEL = Hmac.utf8("sealstream held-back plaintext");

  private ObjectKey(byte[] material) {
    super(material, "object key");
  }

  /**
   * A new object key: HMAC-SHA256(EK, "object-encryption-key generation" ‖ N) with 32 fresh
   * random bytes N, as MinIO derives it (so a weak EK cannot weaken the OEK and a weak random
   * source alone cannot either).
   */
  public static ObjectKey generate(ExternalKey ek) {
    return derive(ek, Randomness.bytes(32));
  }

  /** An object key with the given bytes, for test vectors only. */
  static ObjectKey ofMaterial(byte[] material) {
    return new ObjectKey(material);
  }

  static ObjectKey derive(ExternalKey ek, byte[] random32) {
    byte[] k = Hmac.sha256(ek.material(), Hmac.concat(GENERATION_LABEL, random32));
    try {
      return new ObjectKey(k);
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  /** The key of a single-part object's data stream: the object key itself. */
  public DareKey dataKey() {
    return DareKey.copyOf(material());
  }

  /**
   * The key of multipart part {@code partNumber}: HMAC-SHA256(OEK, uint32 little-endian part
   * number), as MinIO derives it. Each part attempt still gets its own random DARE nonce.
   */
  public DareKey partKey(int partNumber) {
    if (partNumber < 0) {
      throw new IllegalArgumentException("part number must be >= 0, was " + partNumber);
    }
    byte[] le = {
      (byte) partNumber, (byte) (partNumber >>> 8), (byte) (partNumber >>> 16),
      (byte) (partNumber >>> 24)
    };
    return labelled(le);
  }

  /** The key that seals this object's ETag (HMAC-SHA256(OEK, "SSE-etag")). */
  public DareKey etagKey() {
    return labelled(ETAG_LABEL);
  }

  /** The key that seals this object's checksums (HMAC-SHA256(OEK, "object-checksum")). */
  public DareKey checksumKey() {
    return labelled(CHECKSUM_LABEL);
  }

  /**
   * The key that seals plaintext a stream processor holds back between records (at most one
   * package, until it knows whether it is final) while it sits in a state store and its
   * changelog: HMAC-SHA256(OEK, "sealstream held-back plaintext").
   */
  public DareKey heldBackKey() {
    return labelled(HELD_BACK_LABEL);
  }

  private DareKey labelled(byte[] label) {
    byte[] k = Hmac.sha256(material(), label);
    try {
      return DareKey.copyOf(k);
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  /**
   * Seals this key under {@code ek} for {@code mode} and {@code identity}, with a fresh IV and
   * a fresh DARE nonce.
   */
  public SealedObjectKey seal(ExternalKey ek, SealingMode mode, ObjectIdentity identity) {
    return seal(
        ek,
        mode,
        identity,
        Randomness.bytes(SealedObjectKey.IV_SIZE),
        Randomness.bytes(DareFormat.NONCE_SIZE),
        CipherSuite.forThisMachine());
  }

  /** Deterministic sealing for golden vectors only. */
  SealedObjectKey seal(
      ExternalKey ek,
      SealingMode mode,
      ObjectIdentity identity,
      byte[] iv,
      byte[] nonce,
      CipherSuite suite) {
    SealAlgorithm algorithm = SealAlgorithm.SEALSTREAM_V1;
    DareKey kek = sealingKey(ek, algorithm, iv, mode, identity);
    try {
      byte[] sealed = new byte[SealedObjectKey.SEALED_SIZE];
      DareSealer.insecureWithFixedNonce(kek, suite, nonce, 0)
          .seal(material(), 0, DareFormat.KEY_SIZE, true, sealed, 0);
      return new SealedObjectKey(algorithm, iv, sealed);
    } finally {
      kek.destroy();
    }
  }

  /**
   * Opens a sealed object key.
   *
   * @throws NotAuthenticException if it was not sealed under {@code ek} for exactly this mode,
   *     bucket, object and version, or was altered
   */
  public static ObjectKey unseal(
      ExternalKey ek, SealingMode mode, ObjectIdentity identity, SealedObjectKey sealed)
      throws NotAuthenticException {
    DareKey kek = sealingKey(ek, sealed.algorithm(), sealed.iv(), mode, identity);
    byte[] oek = null;
    try {
      oek = DareOpener.openValue(kek, sealed.sealedKey());
      if (oek.length != DareFormat.KEY_SIZE) {
        throw new NotAuthenticException("sealed object key has the wrong length");
      }
      return new ObjectKey(oek);
    } catch (NotAuthenticException e) {
      throw new NotAuthenticException(
          "object key does not open: wrong key, or sealed for another object, version or mode");
    } finally {
      kek.destroy();
      if (oek != null) {
        Arrays.fill(oek, (byte) 0);
      }
    }
  }

  static DareKey sealingKey(
      ExternalKey ek, SealAlgorithm algorithm, byte[] iv, SealingMode mode, ObjectIdentity id) {
    byte[] message =
        Hmac.lengthPrefixed(
            iv,
            Hmac.utf8(mode.domain()),
            Hmac.utf8(algorithm.algorithmName()),
            Hmac.utf8(id.bucket()),
            Hmac.utf8(id.object()),
            Hmac.utf8(id.version()));
    byte[] k = Hmac.sha256(ek.material(), message);
    try {
      return DareKey.copyOf(k);
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  /** Seals an ETag (the 16-byte MD5, or any value up to 64 KiB) as one DARE package. */
  public byte[] sealEtag(byte[] etag) {
    DareKey k = etagKey();
    try {
      return DareSealer.sealValue(k, CipherSuite.forThisMachine(), etag);
    } finally {
      k.destroy();
    }
  }

  /** Opens an ETag sealed by {@link #sealEtag}. */
  public byte[] unsealEtag(byte[] sealed) throws NotAuthenticException {
    DareKey k = etagKey();
    try {
      return DareOpener.openValue(k, sealed);
    } finally {
      k.destroy();
    }
  }
}
