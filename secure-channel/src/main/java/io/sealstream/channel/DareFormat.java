package io.sealstream.channel;

/**
 * DARE 2.0 constants and exact size arithmetic. See {@code docs/format.md} §1.
 *
 * <p>A stream of {@code s} plaintext bytes is {@code ceil(s / 65536)} packages; every package but
 * the last carries exactly 65536 bytes, and each adds a 16-byte header and a 16-byte tag. An empty
 * plaintext is an empty ciphertext (no package at all). All methods are pure and thread-safe.
 */
public final class DareFormat {
  /** First header byte of every DARE 2.0 package. */
  public static final byte VERSION_20 = 0x20;

  public static final int HEADER_SIZE = 16;
  public static final int TAG_SIZE = 16;
  public static final int NONCE_SIZE = 12;
  public static final int KEY_SIZE = 32;

  /** Plaintext bytes in every non-final package. */
  public static final int MAX_PAYLOAD_SIZE = 1 << 16;

  /** Header, full payload and tag. */
  public static final int MAX_PACKAGE_SIZE = HEADER_SIZE + MAX_PAYLOAD_SIZE + TAG_SIZE;

  public static final int PACKAGE_OVERHEAD = HEADER_SIZE + TAG_SIZE;

  /** The sequence number is a uint32, so one stream holds at most 2^32 packages. */
  public static final long MAX_PACKAGES = 1L << 32;

  /** 2^48 bytes = 256 TiB. */
  public static final long MAX_DECRYPTED_SIZE = MAX_PACKAGES * MAX_PAYLOAD_SIZE;

  public static final long MAX_ENCRYPTED_SIZE = MAX_PACKAGES * MAX_PACKAGE_SIZE;

  private DareFormat() {}

  /**
   * The exact ciphertext size of {@code plaintextSize} bytes.
   *
   * @throws IllegalArgumentException if the size is negative or above {@link #MAX_DECRYPTED_SIZE}
   */
  public static long encryptedSize(long plaintextSize) {
    if (plaintextSize < 0 || plaintextSize > MAX_DECRYPTED_SIZE) {
      throw new IllegalArgumentException(
          "plaintext size must be in [0, 2^48], was " + plaintextSize);
    }
    long full = plaintextSize / MAX_PAYLOAD_SIZE;
    long rest = plaintextSize % MAX_PAYLOAD_SIZE;
    return full * MAX_PACKAGE_SIZE + (rest > 0 ? rest + PACKAGE_OVERHEAD : 0);
  }

  /** Whether some plaintext encrypts to exactly {@code encryptedSize} bytes. */
  public static boolean isValidEncryptedSize(long encryptedSize) {
    if (encryptedSize < 0 || encryptedSize > MAX_ENCRYPTED_SIZE) {
      return false;
    }
    long rest = encryptedSize % MAX_PACKAGE_SIZE;
    return rest == 0 || rest > PACKAGE_OVERHEAD;
  }

  /**
   * The exact plaintext size of a ciphertext of {@code encryptedSize} bytes.
   *
   * @throws IllegalArgumentException if no plaintext has that ciphertext size (a size read from
   *     storage that fails here means the object was tampered with or truncated)
   */
  public static long decryptedSize(long encryptedSize) {
    if (!isValidEncryptedSize(encryptedSize)) {
      throw new IllegalArgumentException(
          "not a valid DARE 2.0 ciphertext size: " + encryptedSize);
    }
    long full = encryptedSize / MAX_PACKAGE_SIZE;
    long rest = encryptedSize % MAX_PACKAGE_SIZE;
    return full * MAX_PAYLOAD_SIZE + (rest > 0 ? rest - PACKAGE_OVERHEAD : 0);
  }

  /** Number of packages that {@code plaintextSize} bytes need (0 for an empty plaintext). */
  public static long packageCount(long plaintextSize) {
    encryptedSize(plaintextSize); // validates
    return (plaintextSize + MAX_PAYLOAD_SIZE - 1) / MAX_PAYLOAD_SIZE;
  }

  /**
   * The packages to read for the plaintext range {@code [offset, offset + length)} of a single
   * DARE stream of {@code plaintextSize} bytes. Packages outside the range are never read.
   *
   * @throws IllegalArgumentException if the range is empty or does not lie inside the stream
   */
  public static PackageRange range(long plaintextSize, long offset, long length) {
    encryptedSize(plaintextSize);
    if (offset < 0 || length <= 0 || offset > plaintextSize - length) {
      throw new IllegalArgumentException(
          "range [" + offset + ", +" + length + ") is not inside a stream of " + plaintextSize
              + " bytes");
    }
    long first = offset / MAX_PAYLOAD_SIZE;
    long last = (offset + length - 1) / MAX_PAYLOAD_SIZE;
    long lastPackage = packageCount(plaintextSize) - 1;
    long encryptedOffset = first * MAX_PACKAGE_SIZE;
    long encryptedEnd =
        last == lastPackage ? encryptedSize(plaintextSize) : (last + 1) * MAX_PACKAGE_SIZE;
    return new PackageRange(
        first,
        encryptedOffset,
        encryptedEnd - encryptedOffset,
        (int) (offset % MAX_PAYLOAD_SIZE),
        length,
        last == lastPackage);
  }
}
