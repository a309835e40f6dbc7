package io.sealstream.channel;

/**
 * Which ciphertext bytes of one DARE stream hold a plaintext range, and how to cut the plaintext
 * out of them. Made by {@link DareFormat#range(long, long, long)}.
 *
 * @param firstSequence sequence number of the first package read
 * @param encryptedOffset offset of that package in the ciphertext
 * @param encryptedLength ciphertext bytes to read, whole packages only
 * @param skip plaintext bytes to drop from the first package
 * @param length plaintext bytes to return
 * @param endsWithFinal whether the last package read is the stream's final package
 */
public record PackageRange(
    long firstSequence,
    long encryptedOffset,
    long encryptedLength,
    int skip,
    long length,
    boolean endsWithFinal) {

  public PackageRange {
    if (firstSequence < 0 || firstSequence >= DareFormat.MAX_PACKAGES) {
      throw new IllegalArgumentException("firstSequence must be a uint32, was " + firstSequence);
    }
    if (encryptedOffset != firstSequence * DareFormat.MAX_PACKAGE_SIZE) {
      throw new IllegalArgumentException(
          "encryptedOffset must be firstSequence * 65568, was " + encryptedOffset);
    }
    if (encryptedLength <= DareFormat.PACKAGE_OVERHEAD) {
      throw new IllegalArgumentException(
          "encryptedLength must exceed 32 bytes, was " + encryptedLength);
    }
    if (skip < 0 || skip >= DareFormat.MAX_PAYLOAD_SIZE) {
      throw new IllegalArgumentException("skip must be in [0, 65536), was " + skip);
    }
    if (length <= 0 || skip + length > DareFormat.decryptedSize(encryptedLength)) {
      throw new IllegalArgumentException(
          "length " + length + " with skip " + skip + " does not fit in " + encryptedLength
              + " ciphertext bytes");
    }
  }

  /** Number of packages the range spans. */
  public long packageCount() {
    return (encryptedLength + DareFormat.MAX_PACKAGE_SIZE - 1) / DareFormat.MAX_PACKAGE_SIZE;
  }
}
