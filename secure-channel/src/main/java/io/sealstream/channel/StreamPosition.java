package io.sealstream.channel;

import java.nio.ByteBuffer;

/**
 * The resumable position of a DARE stream being sealed: cipher suite, header nonce (final bit
 * cleared) and the next package's sequence number. Not secret. Made by {@link
 * DareSealer#position()}; persisted as 21 bytes ({@link #toBytes()}): suite id (1) ‖ header
 * nonce (12) ‖ next sequence (8, big-endian).
 */
public final class StreamPosition {
  public static final int SERIALIZED_SIZE = 1 + DareFormat.NONCE_SIZE + 8;

  private final CipherSuite suite;
  private final byte[] headerNonce;
  private final long nextSequence;

  StreamPosition(CipherSuite suite, byte[] headerNonce, long nextSequence) {
    if (suite == null) {
      throw new IllegalArgumentException("suite must not be null");
    }
    if (headerNonce == null || headerNonce.length != DareFormat.NONCE_SIZE) {
      throw new IllegalArgumentException("header nonce must be 12 bytes");
    }
    if ((headerNonce[0] & 0x80) != 0) {
      throw new IllegalArgumentException("header nonce must have the final bit cleared");
    }
    if (nextSequence < 0 || nextSequence >= DareFormat.MAX_PACKAGES) {
      throw new IllegalArgumentException("next sequence must be a uint32, was " + nextSequence);
    }
    this.suite = suite;
    this.headerNonce = headerNonce.clone();
    this.nextSequence = nextSequence;
  }

  public static StreamPosition fromBytes(byte[] bytes) {
    if (bytes == null || bytes.length != SERIALIZED_SIZE) {
      throw new IllegalArgumentException("a stream position is 21 bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    CipherSuite suite =
        CipherSuite.fromId(b.get())
            .orElseThrow(() -> new IllegalArgumentException("unknown cipher suite id"));
    byte[] nonce = new byte[DareFormat.NONCE_SIZE];
    b.get(nonce);
    return new StreamPosition(suite, nonce, b.getLong());
  }

  public byte[] toBytes() {
    return ByteBuffer.allocate(SERIALIZED_SIZE)
        .put(suite.id())
        .put(headerNonce)
        .putLong(nextSequence)
        .array();
  }

  public CipherSuite suite() {
    return suite;
  }

  byte[] headerNonce() {
    return headerNonce.clone();
  }

  public long nextSequence() {
    return nextSequence;
  }

  @Override
  public String toString() {
    return "StreamPosition[" + suite + ", next package " + nextSequence + "]";
  }
}
