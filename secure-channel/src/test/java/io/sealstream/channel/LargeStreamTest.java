package io.sealstream.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A stream beyond 4 GiB (past 2^16 packages and past every 32-bit byte count) sealed and opened in
 * one pass with bounded memory. Excluded by default; run with {@code ./mvnw -pl secure-channel
 * verify -Plarge}.
 */
@Tag("large")
class LargeStreamTest {
  private static final long SIZE = (4L << 30) + 65_537;

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void streamLargerThan4GiB_roundTripsWithTheSameDigest(CipherSuite suite) throws Exception {
    // Given a generated plaintext of 4 GiB + 65537 bytes, sealed on demand as it is read
    DareKey key = DareKey.copyOf(Randomness.bytes(DareFormat.KEY_SIZE));
    SealingSource ciphertext = new SealingSource(SIZE, key, suite);
    MessageDigest out = sha256();

    // When the ciphertext is opened and read to the end
    long read = 0;
    try (DareInputStream in = new DareInputStream(ciphertext, key)) {
      byte[] buf = new byte[1 << 20];
      for (int n; (n = in.read(buf)) != -1; ) {
        out.update(buf, 0, n);
        read += n;
      }
    }

    // Then every byte came back, the digests agree and the ciphertext had the exact size
    assertThat(ciphertext.plaintextWritten()).isEqualTo(SIZE);
    assertThat(read).isEqualTo(SIZE);
    assertThat(ciphertext.ciphertextProduced()).isEqualTo(DareFormat.encryptedSize(SIZE));
    assertThat(out.digest()).isEqualTo(ciphertext.plaintextDigest());
  }

  private static MessageDigest sha256() throws NoSuchAlgorithmException {
    return MessageDigest.getInstance("SHA-256");
  }

  /**
   * Ciphertext made on demand: each read that finds the buffer empty generates the next chunk of
   * plaintext (a random block stamped with its index, in chunks not aligned to packages), writes it
   * through a {@link DareOutputStream} and serves what that produced. Single-threaded, so the
   * pipeline is deterministic; memory is one chunk plus what one write seals.
   */
  private static final class SealingSource extends InputStream {
    private static final int CHUNK = (1 << 20) + 7;

    private final long size;
    private final DareOutputStream sealer;
    private final MessageDigest in = sha256();
    private final byte[] block = new byte[CHUNK];
    private final Buffer buffer = new Buffer();
    private long generated;
    private long chunkIndex;
    private long produced;
    private boolean finished;

    SealingSource(long size, DareKey key, CipherSuite suite) throws NoSuchAlgorithmException {
      this.size = size;
      this.sealer = new DareOutputStream(buffer, key, suite);
      new SplittableRandom(42).nextBytes(block);
    }

    long plaintextWritten() {
      return generated;
    }

    long ciphertextProduced() {
      return produced;
    }

    byte[] plaintextDigest() {
      return in.digest();
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      while (buffer.available() == 0) {
        if (finished) {
          return -1;
        }
        produce();
      }
      int n = buffer.take(b, off, len);
      produced += n;
      return n;
    }

    private void produce() throws IOException {
      if (generated == size) {
        sealer.finish();
        finished = true;
        return;
      }
      int n = (int) Math.min(CHUNK, size - generated);
      long stamp = chunkIndex++;
      for (int i = 0; i < 8; i++) {
        block[i] = (byte) (stamp >>> (8 * i));
      }
      in.update(block, 0, n);
      sealer.write(block, 0, n);
      generated += n;
    }
  }

  /** A growable byte queue the sealer writes into and the source drains. */
  private static final class Buffer extends OutputStream {
    private byte[] data = new byte[4 << 20];
    private int start;
    private int end;

    int available() {
      return end - start;
    }

    int take(byte[] b, int off, int len) {
      int n = Math.min(len, end - start);
      System.arraycopy(data, start, b, off, n);
      start += n;
      return n;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (start > 0) {
        System.arraycopy(data, start, data, 0, end - start);
        end -= start;
        start = 0;
      }
      if (end + len > data.length) {
        data = Arrays.copyOf(data, Math.max(2 * data.length, end + len));
      }
      System.arraycopy(b, off, data, end, len);
      end += len;
    }
  }
}
