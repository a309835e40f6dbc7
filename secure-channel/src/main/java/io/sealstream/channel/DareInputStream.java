package io.sealstream.channel;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Decrypts a DARE 2.0 stream read from {@code ciphertext}, one package at a time: a package's
 * plaintext becomes readable only after its tag has verified. The stream must end exactly after a
 * final package: an early end ("unexpected EOF") or bytes after the final package fail with
 * {@link NotAuthenticException}. Failures are sticky: later reads throw a new exception of the
 * same kind with the first failure as its cause.
 *
 * <p>Where the plaintext goes: a {@code read(b, off, len)} that finds nothing buffered, no range
 * offset still to skip, and room in {@code b[off, off+len)} for all of the next package's payload
 * (and, in a range, all of it inside the range) opens that package straight into {@code
 * b[off..]}, without a copy. Every other read opens the package into an internal buffer and copies
 * from it; that buffer is allocated only when a read first needs it, so a caller that reads a
 * whole stream in reads of at least 65536 bytes never allocates it. When opening into the
 * caller's array fails (a tag that does not verify, or a check after opening such as bytes after
 * the final package), the region written is zeroed before the exception leaves, so the caller's
 * array never keeps plaintext of a package that was not released. The JDK's AEADs already release
 * nothing unverified (AES-GCM zero-fills its output on a bad tag, ChaCha20-Poly1305 verifies
 * before it decrypts); the zeroing does not rely on that, and it also covers authentic plaintext
 * that a later check refuses.
 *
 * <p>An empty ciphertext is refused, as minio/sio does: an empty object is recognised by its
 * authenticated size in the object's metadata, never by an empty file (which is what a truncation
 * to zero would look like).
 *
 * <p>{@link #ofRange} reads only the packages of a plaintext range. Not thread-safe.
 */
public final class DareInputStream extends InputStream {
  private final InputStream ciphertext;
  private final DareOpener opener;
  /** The next package's header, read before its size (and so the room it needs) is known. */
  private final byte[] header = new byte[DareFormat.HEADER_SIZE];
  /**
   * One sealed package, allocated at the first package and sized to it: the first package of a
   * stream or range is its largest (only a final package is short), so a small object needs no
   * 64 KiB array.
   */
  private byte[] sealed;
  /** Opened plaintext for reads shorter than a package; allocated when a read first needs it. */
  private byte[] plain;
  private final byte[] one = new byte[1];
  /** Range mode: packages still to read, or -1 to read until the final package. */
  private long packagesLeft;
  private final boolean rangeEndsWithFinal;
  private long toSkip;
  private long remaining; // range mode: plaintext still to hand out; unbounded otherwise
  private int pos;
  private int limit;
  private boolean eof;
  private IOException failure;

  /** Decrypts a whole stream. */
  public DareInputStream(InputStream ciphertext, DareKey key) {
    this(ciphertext, key, 0L);
  }

  private DareInputStream(InputStream ciphertext, DareKey key, long firstSequence) {
    this.ciphertext = Objects.requireNonNull(ciphertext, "ciphertext");
    this.opener = DareOpener.startingAt(key, firstSequence);
    this.packagesLeft = -1;
    this.rangeEndsWithFinal = true;
    this.remaining = Long.MAX_VALUE;
  }

  private DareInputStream(InputStream slice, DareKey key, PackageRange range) {
    this.ciphertext = Objects.requireNonNull(slice, "ciphertext");
    this.opener = DareOpener.startingAt(key, range.firstSequence());
    this.packagesLeft = range.packageCount();
    this.rangeEndsWithFinal = range.endsWithFinal();
    this.toSkip = range.skip();
    this.remaining = range.length();
  }

  /**
   * Decrypts a stream from package {@code firstSequence} to its final package, for input that
   * starts at that package's first byte (recovery of a damaged file's tail, offline range reads).
   */
  public static DareInputStream fromSequence(
      InputStream ciphertext, DareKey key, long firstSequence) {
    return new DareInputStream(ciphertext, key, firstSequence);
  }

  /**
   * Decrypts the plaintext range described by {@code range} from {@code slice}, which must hold
   * exactly the ciphertext bytes {@code [range.encryptedOffset(), +range.encryptedLength())}.
   */
  public static DareInputStream ofRange(InputStream slice, DareKey key, PackageRange range) {
    return new DareInputStream(slice, key, range);
  }

  @Override
  public int read() throws IOException {
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (failure != null) {
      throw failedEarlier();
    }
    if (len == 0) {
      return 0;
    }
    while (pos == limit) {
      if (eof) {
        return -1;
      }
      int direct;
      try {
        direct = nextPackage(b, off, len);
      } catch (IOException e) {
        failure = e;
        throw e;
      }
      if (direct > 0) {
        handedOut(direct);
        return direct;
      }
    }
    int n = (int) Math.min(Math.min(len, limit - pos), remaining);
    System.arraycopy(plain, pos, b, off, n);
    pos += n;
    handedOut(n);
    return n;
  }

  @Override
  public int available() {
    return limit - pos;
  }

  @Override
  public void close() throws IOException {
    ciphertext.close();
  }

  /** Range mode: counts what was handed out and ends the range when all of it was. */
  private void handedOut(int n) {
    if (packagesLeft >= 0) {
      remaining -= n;
      if (remaining == 0) {
        pos = limit;
        eof = true;
      }
    }
  }

  /**
   * Reads and opens the next package: straight into {@code b[off..]} if all of its payload goes to
   * this read, returning its length; otherwise into {@code plain}, returning 0 (as at the end).
   */
  private int nextPackage(byte[] b, int off, int len) throws IOException {
    pos = 0;
    limit = 0;
    if (packagesLeft == 0 || (packagesLeft < 0 && opener.isFinished())) {
      if (packagesLeft == 0 && remaining > 0) {
        throw new NotAuthenticException("the range holds fewer bytes than its size says");
      }
      eof = true;
      return 0;
    }
    int size = readPackage();
    // from the unauthenticated header, but the opener refuses a package whose header lies, and
    // writes no more than this
    int payload = size - DareFormat.PACKAGE_OVERHEAD;
    if (toSkip == 0 && payload <= len && payload <= remaining) {
      return open(size, b, off);
    }
    if (plain == null || plain.length < payload) {
      plain = new byte[payload]; // the first package buffered is the largest, as for sealed
    }
    int n = open(size, plain, 0);
    int skip = (int) Math.min(toSkip, n);
    toSkip -= skip;
    pos = skip;
    limit = n;
    return 0;
  }

  /** Reads the next whole package into {@code sealed} and returns its size. */
  private int readPackage() throws IOException {
    int h = ciphertext.readNBytes(header, 0, DareFormat.HEADER_SIZE);
    if (h < DareFormat.HEADER_SIZE) {
      throw new NotAuthenticException(
          h == 0 && opener.nextSequence() == 0 && packagesLeft < 0
              ? "unexpected EOF: empty ciphertext"
              : "unexpected EOF: stream ends before its final package");
    }
    int size = DareOpener.packageSize(header, 0);
    if (sealed == null || sealed.length < size) {
      sealed = new byte[size];
    }
    System.arraycopy(header, 0, sealed, 0, DareFormat.HEADER_SIZE);
    int body = ciphertext.readNBytes(sealed, DareFormat.HEADER_SIZE, size - DareFormat.HEADER_SIZE);
    if (body < size - DareFormat.HEADER_SIZE) {
      throw new NotAuthenticException("unexpected EOF: truncated package");
    }
    return size;
  }

  /**
   * Opens the package in {@code sealed} into {@code dst[dstOff..]} and runs the checks that follow
   * it. If anything fails, the payload's region of {@code dst} is zeroed before the exception
   * leaves: {@code dst} may be the caller's array, which must not keep plaintext that was not
   * released (see the class comment).
   */
  private int open(int size, byte[] dst, int dstOff) throws IOException {
    boolean released = false;
    try {
      int n = opener.open(sealed, 0, size, dst, dstOff);
      checkAfterOpening();
      released = true;
      return n;
    } finally {
      if (!released) {
        Arrays.fill(dst, dstOff, dstOff + size - DareFormat.PACKAGE_OVERHEAD, (byte) 0);
      }
    }
  }

  private void checkAfterOpening() throws IOException {
    if (packagesLeft > 0) {
      packagesLeft--;
      if (opener.isFinished() && packagesLeft > 0) {
        throw new NotAuthenticException("final package before the end of the range");
      }
      if (packagesLeft == 0 && opener.isFinished() != rangeEndsWithFinal) {
        throw new NotAuthenticException(
            rangeEndsWithFinal
                ? "the object's last package is not marked final"
                : "final package before the end of the object");
      }
    }
    if (packagesLeft == 0 || (packagesLeft < 0 && opener.isFinished())) {
      // checked before the last plaintext is released, so an extended stream yields nothing more
      requireEndOfInput();
    }
  }

  private void requireEndOfInput() throws IOException {
    if (ciphertext.read() >= 0) {
      throw new NotAuthenticException(
          packagesLeft < 0 ? "unexpected data after final package" : "more data than the range");
    }
  }

  /**
   * A new exception each time, of the first failure's kind and with it as its cause: the same
   * instance thrown twice cannot be suppressed into itself (try-with-resources, or a caller that
   * collects the failures of several reads), and {@code catch (NotAuthenticException e)} still
   * matches a later read.
   */
  private IOException failedEarlier() {
    String message = "the DARE stream failed earlier: " + failure.getMessage();
    return failure instanceof NotAuthenticException
        ? new NotAuthenticException(message, failure)
        : new IOException(message, failure);
  }
}
