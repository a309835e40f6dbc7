package io.sealstream.channel;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the packages of one DARE 2.0 stream, in order, with one reused {@link Cipher}. A fresh
 * random 12-byte nonce is drawn for every sealer, so every stream (every object, every part
 * attempt) gets its own; callers cannot choose it.
 *
 * <p>Rules enforced: each package carries 1..65536 bytes; every package except the final one
 * carries exactly 65536; nothing can be sealed after the final package; at most 2^32 packages.
 *
 * <p>Not thread-safe: one sealer per stream and thread. For a stream of bytes use {@link
 * DareOutputStream}, which does the re-buffering.
 */
public final class DareSealer {
  private final CipherSuite suite;
  private final DareKey dareKey;
  private final SecretKeySpec key;
  private final Cipher cipher;
  private final byte[] headerNonce; // final bit cleared
  private final byte[] nonce = new byte[DareFormat.NONCE_SIZE];
  private long sequence;
  private boolean finished;

  private DareSealer(DareKey key, CipherSuite suite, byte[] headerNonce, long firstSequence) {
    if (firstSequence < 0 || firstSequence >= DareFormat.MAX_PACKAGES) {
      throw new IllegalArgumentException("first sequence must be a uint32, was " + firstSequence);
    }
    this.suite = suite;
    this.dareKey = key;
    this.key = key.spec(suite);
    this.cipher = suite.newCipher();
    this.headerNonce = headerNonce;
    this.headerNonce[0] &= 0x7f;
    this.sequence = firstSequence;
  }

  /** A sealer for a new stream under {@code key}, with a fresh random nonce. */
  public static DareSealer create(DareKey key, CipherSuite suite) {
    return new DareSealer(key, suite, Randomness.bytes(DareFormat.NONCE_SIZE), 0);
  }

  /**
   * A sealer with a caller-chosen nonce and first sequence number. <b>Insecure</b>: sealing two
   * different plaintexts under the same key and nonce breaks both confidentiality and
   * authenticity. It exists only to reproduce minio/sio test vectors and to cross-check against
   * sio byte for byte; production code never calls it.
   */
  public static DareSealer insecureWithFixedNonce(
      DareKey key, CipherSuite suite, byte[] nonce, long firstSequence) {
    if (nonce == null || nonce.length != DareFormat.NONCE_SIZE) {
      throw new IllegalArgumentException(
          "nonce must be 12 bytes, was " + (nonce == null ? "null" : nonce.length));
    }
    return new DareSealer(key, suite, nonce.clone(), firstSequence);
  }

  public CipherSuite suite() {
    return suite;
  }

  /**
   * Where this stream stands: suite, header nonce and next sequence number (nothing secret:
   * the nonce is in every package header). A stream processor that must survive restarts saves
   * it after each batch of packages and continues with {@link #resume}.
   */
  public StreamPosition position() {
    if (finished) {
      throw new IllegalStateException("the stream is finished; there is nothing to resume");
    }
    return new StreamPosition(suite, headerNonce, sequence);
  }

  /**
   * Continues a stream from a saved {@link StreamPosition}. Only for the stream that saved it:
   * the next package is sealed under the same key, nonce and sequence number as a package the
   * original sealer would have sealed next, so the caller must guarantee that a position is
   * resumed at most once with any given plaintext (exactly-once processing does: a replay seals
   * the same plaintext to the same bytes).
   */
  public static DareSealer resume(DareKey key, StreamPosition position) {
    return new DareSealer(
        key, position.suite(), position.headerNonce(), position.nextSequence());
  }

  /** Whether the final package has been sealed. */
  public boolean isFinished() {
    return finished;
  }

  /**
   * Seals {@code in[off, off+len)} as the next package into {@code out} at {@code outOff} and
   * returns the package size ({@code len + 32}). {@code out} must not overlap {@code in}.
   */
  public int seal(byte[] in, int off, int len, boolean isFinal, byte[] out, int outOff) {
    if (finished) {
      throw new IllegalStateException("the final package has already been sealed");
    }
    if (dareKey.isDestroyed()) {
      // the JCE key spec is a copy: refuse explicitly so destroy() ends the stream's use of it
      throw new IllegalStateException("DareKey has been destroyed");
    }
    if (len < 1 || len > DareFormat.MAX_PAYLOAD_SIZE) {
      throw new IllegalArgumentException("a package carries 1..65536 bytes, was " + len);
    }
    if (!isFinal && len != DareFormat.MAX_PAYLOAD_SIZE) {
      throw new IllegalArgumentException(
          "every package but the final one must carry 65536 bytes, was " + len);
    }
    if (sequence >= DareFormat.MAX_PACKAGES) {
      throw new IllegalStateException("a DARE stream holds at most 2^32 packages");
    }
    if (out.length - outOff < len + DareFormat.PACKAGE_OVERHEAD) {
      throw new IllegalArgumentException("output buffer too small for a package of " + len);
    }
    out[outOff] = DareFormat.VERSION_20;
    out[outOff + 1] = suite.id();
    out[outOff + 2] = (byte) (len - 1);
    out[outOff + 3] = (byte) ((len - 1) >>> 8);
    System.arraycopy(headerNonce, 0, out, outOff + 4, DareFormat.NONCE_SIZE);
    if (isFinal) {
      out[outOff + 4] |= (byte) 0x80;
    }
    PackageNonce.derive(out, outOff + 4, sequence, nonce);
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, suite.parameters(nonce));
      cipher.updateAAD(out, outOff, 4);
      int n = cipher.doFinal(in, off, len, out, outOff + DareFormat.HEADER_SIZE);
      assert n == len + DareFormat.TAG_SIZE;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK refused to seal a DARE package", e);
    }
    sequence++;
    finished = isFinal;
    return len + DareFormat.PACKAGE_OVERHEAD;
  }

  /**
   * Seals a short value (1..65536 bytes) as a complete one-package stream under a fresh nonce:
   * the form used for sealed object keys, ETags and checksums.
   */
  public static byte[] sealValue(DareKey key, CipherSuite suite, byte[] value) {
    byte[] out = new byte[value.length + DareFormat.PACKAGE_OVERHEAD];
    create(key, suite).seal(value, 0, value.length, true, out, 0);
    return out;
  }
}
