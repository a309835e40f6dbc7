package io.sealstream.channel;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Encrypts everything written to it as one DARE 2.0 stream onto {@code downstream}.
 *
 * <p>Up to 65536 bytes are held back until more data shows that they are not the end, so every
 * non-final package is full and the final flag lands on the last one; {@link #finish()} (or
 * {@link #close()}) seals that last package. Writes of more than a package are sealed straight
 * from the caller's array, without a copy. An empty stream writes nothing (see {@code
 * docs/format.md}, "Empty objects").
 *
 * <p>Buffers are allocated when first needed and no larger than needed: an empty stream allocates
 * none, a small one about twice its size, and a stream of more than a package one package of
 * plaintext and one sealed package (plus at most one copy of its first write, see {@link
 * #holdBack}).
 *
 * <p>A failure of {@code downstream} is sticky: later calls throw a new {@link IOException} with
 * it as the cause, never the same instance again. Not thread-safe.
 */
public final class DareOutputStream extends OutputStream {
  private final OutputStream downstream;
  private final DareSealer sealer;
  /** Held-back plaintext, up to one package; see {@link #holdBack}. */
  private byte[] plain;
  /**
   * One sealed package on its way to {@code downstream}; allocated at the first package and sized
   * to it (only the final package is short, and nothing follows it).
   */
  private byte[] sealed;
  private final byte[] one = new byte[1];
  private int buffered;
  private long plaintextBytes;
  private boolean finished;
  private boolean closed;
  private IOException failure;

  /** A stream with a fresh random nonce. */
  public DareOutputStream(OutputStream downstream, DareKey key, CipherSuite suite) {
    this(downstream, DareSealer.create(key, suite));
  }

  /** A stream over a given sealer (for the insecure fixed-nonce path of interop checks). */
  public DareOutputStream(OutputStream downstream, DareSealer sealer) {
    this.downstream = Objects.requireNonNull(downstream, "downstream");
    this.sealer = Objects.requireNonNull(sealer, "sealer");
  }

  /** Plaintext bytes accepted so far. */
  public long plaintextBytes() {
    return plaintextBytes;
  }

  @Override
  public void write(int b) throws IOException {
    one[0] = (byte) b;
    write(one, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    ensureOpen();
    if (plaintextBytes + len > DareFormat.MAX_DECRYPTED_SIZE || plaintextBytes + len < 0) {
      throw new IllegalStateException("a DARE stream holds at most 2^48 bytes");
    }
    plaintextBytes += len;
    while (len > 0) {
      if (buffered == DareFormat.MAX_PAYLOAD_SIZE) {
        // more data follows, so the held-back package is not the final one
        emit(plain, 0, buffered, false);
        buffered = 0;
      }
      if (buffered == 0 && len > DareFormat.MAX_PAYLOAD_SIZE) {
        emit(b, off, DareFormat.MAX_PAYLOAD_SIZE, false);
        off += DareFormat.MAX_PAYLOAD_SIZE;
        len -= DareFormat.MAX_PAYLOAD_SIZE;
        continue;
      }
      int n = Math.min(len, DareFormat.MAX_PAYLOAD_SIZE - buffered);
      holdBack(b, off, n);
      off += n;
      len -= n;
    }
  }

  /**
   * Seals the final package and flushes, leaving {@code downstream} open. Idempotent. Nothing may
   * be written afterwards.
   */
  public void finish() throws IOException {
    if (failure != null) {
      throw failedEarlier();
    }
    if (finished) {
      return;
    }
    if (buffered > 0) {
      emit(plain, 0, buffered, true);
      buffered = 0;
    }
    finished = true;
    flush();
  }

  @Override
  public void flush() throws IOException {
    if (failure != null) {
      throw failedEarlier();
    }
    try {
      downstream.flush();
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  /**
   * Finishes the stream and closes {@code downstream}, also when finishing fails. A failure to
   * finish wins over one to close, which is added to it as suppressed; an exception that {@code
   * downstream.close()} throws again after its write or flush threw it (a downstream with a sticky
   * failure of its own) is not thrown or added a second time: the caller has it already, as the
   * exception or as its cause.
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    Throwable pending = null;
    try {
      finish();
    } catch (IOException | RuntimeException | Error e) {
      pending = e;
      throw e;
    } finally {
      try {
        downstream.close();
      } catch (IOException e) {
        if (pending == null) {
          throw e == failure ? failedEarlier() : e;
        }
        if (e != failure && e != pending) {
          pending.addSuppressed(e);
        }
      }
    }
  }

  /**
   * A new exception each time, with the first failure as its cause: rethrowing the same instance
   * from close() inside try-with-resources would make Java suppress it into itself, which fails.
   */
  private IOException failedEarlier() {
    return new IOException("the DARE stream failed earlier: " + failure.getMessage(), failure);
  }

  private void ensureOpen() throws IOException {
    if (failure != null) {
      throw failedEarlier();
    }
    if (finished) {
      throw new IllegalStateException("the DARE stream is already finished");
    }
  }

  /**
   * Appends {@code b[off, off+n)} to the held-back plaintext. The first array is only as large as
   * the first write that needs one, so a small stream never costs a whole package; if more comes,
   * the next is a whole package at once (one copy of at most that first write), not a series of
   * doublings, which would copy more for streams written in small chunks.
   */
  private void holdBack(byte[] b, int off, int n) {
    int need = buffered + n;
    if (plain == null) {
      plain = new byte[need];
    } else if (plain.length < need) {
      plain = Arrays.copyOf(plain, DareFormat.MAX_PAYLOAD_SIZE);
    }
    System.arraycopy(b, off, plain, buffered, n);
    buffered = need;
  }

  private void emit(byte[] in, int off, int len, boolean isFinal) throws IOException {
    int size = len + DareFormat.PACKAGE_OVERHEAD;
    if (sealed == null || sealed.length < size) {
      sealed = new byte[size];
    }
    int n = sealer.seal(in, off, len, isFinal, sealed, 0);
    try {
      downstream.write(sealed, 0, n);
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }
}
