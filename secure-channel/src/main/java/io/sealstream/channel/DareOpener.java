package io.sealstream.channel;

import java.security.GeneralSecurityException;
import java.util.EnumMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opens the packages of one DARE 2.0 stream, in order, accepting both cipher suites. Checks, in
 * sio's order: not past the final package; longer than 32 bytes; version 0x20; a known cipher
 * equal to the first package's; the declared length matches the package; a non-final package is
 * full; the header nonce equals the first package's (constant-time, final bit excepted); the tag.
 *
 * <p>Plaintext is written only into {@code out}, the caller's array, and the JDK AEADs release
 * nothing unverified there (AES-GCM zero-fills its output on a bad tag, ChaCha20-Poly1305 verifies
 * before it decrypts); a caller that hands out {@code out} directly zeroes it on any failure too
 * ({@link DareInputStream}). After the first failure the opener
 * stays failed. Whether the stream ended with its final package is for the caller to ask, through
 * {@link #isFinished()}: only the caller knows where the input ends.
 *
 * <p>Not thread-safe: one opener per stream and thread.
 */
public final class DareOpener {
  private final DareKey key;
  private final EnumMap<CipherSuite, Cipher> ciphers = new EnumMap<>(CipherSuite.class);
  private final EnumMap<CipherSuite, SecretKeySpec> keys = new EnumMap<>(CipherSuite.class);
  private final byte[] referenceNonce = new byte[DareFormat.NONCE_SIZE];
  private final byte[] nonce = new byte[DareFormat.NONCE_SIZE];
  private CipherSuite suite; // fixed by the first package
  private long sequence;
  private boolean finished;
  private String failure;

  private DareOpener(DareKey key, long firstSequence) {
    if (firstSequence < 0 || firstSequence >= DareFormat.MAX_PACKAGES) {
      throw new IllegalArgumentException("first sequence must be a uint32, was " + firstSequence);
    }
    this.key = key;
    this.sequence = firstSequence;
  }

  /** An opener for a stream from its first package. */
  public static DareOpener create(DareKey key) {
    return new DareOpener(key, 0);
  }

  /**
   * An opener that starts at package {@code firstSequence}, for reading a range of a stream
   * without its earlier packages (see {@link DareFormat#range}).
   */
  public static DareOpener startingAt(DareKey key, long firstSequence) {
    return new DareOpener(key, firstSequence);
  }

  /**
   * The full size of the package whose 16-byte header starts at {@code header[off]}, read from
   * its length field (which the tag authenticates later).
   *
   * @throws NotAuthenticException if the header is not a DARE 2.0 header
   */
  public static int packageSize(byte[] header, int off) throws NotAuthenticException {
    if (header[off] != DareFormat.VERSION_20) {
      throw new NotAuthenticException("not a DARE 2.0 package: unknown version");
    }
    int payload = ((header[off + 2] & 0xff) | (header[off + 3] & 0xff) << 8) + 1;
    return payload + DareFormat.PACKAGE_OVERHEAD;
  }

  /** Whether the final package has been opened. */
  public boolean isFinished() {
    return finished;
  }

  /** The sequence number the next package must have. */
  public long nextSequence() {
    return sequence;
  }

  /**
   * Opens the package {@code pkg[off, off+len)} into {@code out} at {@code outOff} and returns
   * the number of plaintext bytes written. {@code out} must not overlap {@code pkg}.
   */
  public int open(byte[] pkg, int off, int len, byte[] out, int outOff)
      throws NotAuthenticException {
    if (failure != null) {
      throw new NotAuthenticException("stream already failed: " + failure);
    }
    try {
      return checkAndOpen(pkg, off, len, out, outOff);
    } catch (NotAuthenticException e) {
      failure = e.getMessage();
      throw e;
    }
  }

  private int checkAndOpen(byte[] pkg, int off, int len, byte[] out, int outOff)
      throws NotAuthenticException {
    if (finished) {
      throw new NotAuthenticException("unexpected data after final package");
    }
    if (len <= DareFormat.PACKAGE_OVERHEAD) {
      throw new NotAuthenticException("package too short: " + len + " bytes");
    }
    if (pkg[off] != DareFormat.VERSION_20) {
      throw new NotAuthenticException("not a DARE 2.0 package: unknown version");
    }
    CipherSuite pkgSuite =
        CipherSuite.fromId(pkg[off + 1])
            .orElseThrow(() -> new NotAuthenticException("unknown cipher suite"));
    if (suite != null && pkgSuite != suite) {
      throw new NotAuthenticException("cipher suite changed within the stream");
    }
    int payload = packageSize(pkg, off) - DareFormat.PACKAGE_OVERHEAD;
    if (payload + DareFormat.PACKAGE_OVERHEAD != len) {
      throw new NotAuthenticException("package length does not match its header");
    }
    boolean isFinal = (pkg[off + 4] & 0x80) != 0;
    if (!isFinal && payload != DareFormat.MAX_PAYLOAD_SIZE) {
      throw new NotAuthenticException("a non-final package is not full");
    }
    if (suite == null) {
      System.arraycopy(pkg, off + 4, referenceNonce, 0, DareFormat.NONCE_SIZE);
      referenceNonce[0] &= 0x7f;
      suite = pkgSuite;
    } else if (!sameNonce(pkg, off + 4)) {
      throw new NotAuthenticException("package nonce does not belong to this stream");
    }
    if (sequence >= DareFormat.MAX_PACKAGES) {
      throw new NotAuthenticException("more than 2^32 packages in one stream");
    }
    if (key.isDestroyed()) {
      throw new IllegalStateException("DareKey has been destroyed");
    }
    if (out.length - outOff < payload) {
      throw new IllegalArgumentException("output buffer too small for " + payload + " bytes");
    }
    PackageNonce.derive(pkg, off + 4, sequence, nonce);
    Cipher cipher = ciphers.computeIfAbsent(suite, CipherSuite::newCipher);
    SecretKeySpec spec = keys.computeIfAbsent(suite, key::spec);
    try {
      cipher.init(Cipher.DECRYPT_MODE, spec, suite.parameters(nonce));
      cipher.updateAAD(pkg, off, 4);
      cipher.doFinal(pkg, off + DareFormat.HEADER_SIZE, payload + DareFormat.TAG_SIZE, out, outOff);
    } catch (AEADBadTagException e) {
      throw new NotAuthenticException("authentication failed at package " + sequence);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK refused to open a DARE package", e);
    }
    sequence++;
    finished = isFinal;
    return payload;
  }

  private boolean sameNonce(byte[] pkg, int nonceOff) {
    int diff = (pkg[nonceOff] & 0x7f) ^ referenceNonce[0];
    for (int i = 1; i < DareFormat.NONCE_SIZE; i++) {
      diff |= pkg[nonceOff + i] ^ referenceNonce[i];
    }
    return diff == 0;
  }

  /**
   * Opens a value sealed by {@link DareSealer#sealValue}: exactly one final package.
   *
   * @throws NotAuthenticException if it does not open under {@code key}
   */
  public static byte[] openValue(DareKey key, byte[] sealed) throws NotAuthenticException {
    if (sealed.length <= DareFormat.PACKAGE_OVERHEAD
        || sealed.length > DareFormat.MAX_PACKAGE_SIZE) {
      throw new NotAuthenticException("sealed value has an impossible length: " + sealed.length);
    }
    DareOpener opener = create(key);
    byte[] out = new byte[sealed.length - DareFormat.PACKAGE_OVERHEAD];
    opener.open(sealed, 0, sealed.length, out, 0);
    if (!opener.isFinished()) {
      throw new NotAuthenticException("sealed value is not a final package");
    }
    return out;
  }
}
