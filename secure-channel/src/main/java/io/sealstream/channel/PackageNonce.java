package io.sealstream.channel;

/**
 * The AEAD nonce of package {@code seq}: the 12 header-nonce bytes (final bit included) with the
 * last four, read as a little-endian uint32, XORed with the sequence number.
 */
final class PackageNonce {
  private PackageNonce() {}

  static void derive(byte[] header, int nonceOffset, long sequence, byte[] nonce) {
    System.arraycopy(header, nonceOffset, nonce, 0, DareFormat.NONCE_SIZE);
    int seq = (int) sequence;
    nonce[8] ^= (byte) seq;
    nonce[9] ^= (byte) (seq >>> 8);
    nonce[10] ^= (byte) (seq >>> 16);
    nonce[11] ^= (byte) (seq >>> 24);
  }
}
