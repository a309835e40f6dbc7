package io.sealstream.benchmarks;

import io.sealstream.channel.DareFormat;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;

/** Deterministic inputs and allocation-free in-memory streams for the benchmarks. */
final class Fixtures {
  static final int PAYLOAD = DareFormat.MAX_PAYLOAD_SIZE;
  static final int HEADER = DareFormat.HEADER_SIZE;
  static final int TAG = DareFormat.TAG_SIZE;
  static final int PACKAGE = DareFormat.MAX_PACKAGE_SIZE;

  private Fixtures() {}

  /** {@code n} pseudo-random bytes (fixed seed, so every fork sees the same data). */
  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < n; i += 8) {
      long v = r.nextLong();
      for (int j = 0; j < 8 && i + j < n; j++) {
        b[i + j] = (byte) (v >>> (8 * j));
      }
    }
    return b;
  }

  /** A fixed 256-bit benchmark key (not secret). */
  static byte[] key() {
    return random(DareFormat.KEY_SIZE, 0x5ea15ea1L);
  }

  /**
   * An output stream over a preallocated array: {@code write} is one {@code System.arraycopy},
   * it never grows or reallocates (overflow is an error), {@link #reset()} rewinds it.
   */
  static final class ArraySink extends OutputStream {
    private final byte[] buf;
    private int count;

    ArraySink(int capacity) {
      this.buf = new byte[capacity];
    }

    void reset() {
      count = 0;
    }

    int size() {
      return count;
    }

    byte[] array() {
      return buf;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, count);
    }

    @Override
    public void write(int b) {
      buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      System.arraycopy(b, off, buf, count, len);
      count += len;
    }
  }

  /**
   * An input stream over a byte array without {@code ByteArrayInputStream}'s synchronisation:
   * {@code read} is one {@code System.arraycopy}; {@link #reset()} rewinds it.
   */
  static final class ArraySource extends InputStream {
    private final byte[] buf;
    private final int end;
    private int pos;

    ArraySource(byte[] buf, int length) {
      this.buf = buf;
      this.end = length;
    }

    @Override
    public void reset() {
      pos = 0;
    }

    @Override
    public int read() {
      return pos < end ? buf[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (pos >= end) {
        return -1;
      }
      int n = Math.min(len, end - pos);
      System.arraycopy(buf, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public int available() {
      return end - pos;
    }
  }

  /**
   * An output stream that drops everything and, unlike {@code OutputStream.nullOutputStream()},
   * keeps accepting writes after {@code close()}.
   */
  static final class DiscardSink extends OutputStream {
    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
