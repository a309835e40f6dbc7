package io.sealstream.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sealstream.channel.DareMutations.Mutation;
import io.sealstream.channel.DareMutations.SealedStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads of at least a package, which {@link DareInputStream} opens straight into the caller's
 * array: the same plaintext as through its own buffer, nothing written outside what a read
 * returns, no plaintext left in the caller's array by a read that fails, and the internal
 * plaintext buffer allocated only by reads shorter than a package.
 */
class DareDirectReadTest {
  private static final int PAYLOAD = DareFormat.MAX_PAYLOAD_SIZE;
  private static final int PACKAGE = DareFormat.MAX_PACKAGE_SIZE;
  /** Fills the caller's array before each read, so whatever a read writes shows. */
  private static final byte SENTINEL = (byte) 0xA5;
  /** Room on both sides of the region a read may write. */
  private static final int GUARD = 64;




  /** The result of reading in whole-package reads until EOF or a failure. */
  record Outcome(byte[] released, Throwable failure, byte[] bufferAfterFailure) {}

  /**
   * Reads {@code in} with reads of {@code len} bytes into the middle of an array filled with
   * {@link #SENTINEL} before each read, checking that no read writes outside what it returns.
   */
  private static Outcome readInSlices(DareInputStream in, int len) {
    byte[] buf = new byte[GUARD + len + GUARD];
    ByteArrayOutputStream released = new ByteArrayOutputStream();
    while (true) {
      Arrays.fill(buf, SENTINEL);
      int n;
      try {
        n = in.read(buf, GUARD, len);
      } catch (IOException e) {
        return new Outcome(released.toByteArray(), e, buf);
      }
      if (n < 0) {
        return new Outcome(released.toByteArray(), null, null);
      }
      assertThat(n).isBetween(1, len);
      released.write(buf, GUARD, n);
      assertOnlySentinel(buf, 0, GUARD, "in front of the region read");
      assertOnlySentinel(buf, GUARD + n, buf.length, "after the " + n + " bytes read");
    }
  }

  private static void assertOnlySentinel(byte[] buf, int from, int to, String where) {
    for (int i = from; i < to; i++) {
      if (buf[i] != SENTINEL) {
        throw new AssertionError("byte " + i + " " + where + " was written: " + buf[i]);
      }
    }
  }

  /** A failed read may leave the caller's array untouched or zeroed, never holding plaintext. */
  private static void assertNoPlaintext(byte[] buf, String what) {
    for (int i = 0; i < buf.length; i++) {
      if (buf[i] != SENTINEL && buf[i] != 0) {
        throw new AssertionError(
            what + ": byte " + i + " of the caller's array holds " + buf[i] + " after the failure");
      }
    }
  }

  private static byte[] plainBuffer(DareInputStream in) throws ReflectiveOperationException {
    Field f = DareInputStream.class.getDeclaredField("plain");
    f.setAccessible(true);
    return (byte[]) f.get(in);
  }

  // ---------------------------------------------------------------- damaged streams

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.sealstream.channel.DareTamperTest#streamMutations")
  void tamperedStream_readInWholePackages_releasesOnlyIntactPackages_andLeavesNoPlaintext(
      String what, Mutation m) {
    // Given a damaged stream
    DareInputStream in = new DareInputStream(new ByteArrayInputStream(m.ciphertext()), m.key());

    // When it is read to the end in reads of exactly one package
    Outcome outcome = readInSlices(in, PAYLOAD);

    // Then it fails as not authentic after releasing only the intact packages, the failed read
    // left no plaintext in the caller's array, and the stream stays failed
    assertThat(outcome.failure()).as("%s: reading to EOF", what)
        .isInstanceOf(NotAuthenticException.class);
    assertThat(outcome.released()).as("%s: plaintext released before the failure", what)
        .isEqualTo(m.releasablePlaintext());
    assertNoPlaintext(outcome.bufferAfterFailure(), what);
    assertThatThrownBy(() -> in.read(new byte[PAYLOAD])).as("%s: read after the failure", what)
        .isInstanceOf(NotAuthenticException.class);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void flippedBodyByte_readInWholePackages_failsWithoutPlaintextInTheCallersArray(
      CipherSuite suite) {
    // Given a stream of four packages with one body bit of package 1 flipped
    DareKey key = Generated.randomKey();
    SealedStream s = SealedStream.seal(suite, key, Generated.bytes(3 * PAYLOAD + 1000));
    byte[] ct = s.ciphertext();
    ct[PACKAGE + DareFormat.HEADER_SIZE + 1234] ^= 0x10;
    DareInputStream in = new DareInputStream(new ByteArrayInputStream(ct), key);

    // When it is read in whole-package reads
    Outcome outcome = readInSlices(in, PAYLOAD);

    // Then package 0 came out and the read of package 1 failed, leaving no plaintext behind
    assertThat(outcome.failure()).isInstanceOf(NotAuthenticException.class);
    assertThat(outcome.released()).isEqualTo(Arrays.copyOf(s.plaintext(), PAYLOAD));
    assertNoPlaintext(outcome.bufferAfterFailure(), suite.toString());
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void extendedStream_readInLargeReads_leavesNoPlaintextOfItsAuthenticFinalPackage(
      CipherSuite suite) {
    // Given a stream whose final package is genuine (its tag verifies) but is followed by a byte:
    // its plaintext reaches the caller's array before the end of the input can be checked
    DareKey key = Generated.randomKey();
    SealedStream s = SealedStream.seal(suite, key, Generated.bytes(PAYLOAD + 1000));
    byte[] extended = DareMutations.concat(s.ciphertext(), new byte[] {7});
    DareInputStream in = new DareInputStream(new ByteArrayInputStream(extended), key);

    // When it is read in reads larger than a package
    Outcome outcome = readInSlices(in, 2 * PAYLOAD);

    // Then the full package 0 is released, and the caller's array holds nothing of the final
    // package (the AEAD verified it, so only the stream's own zeroing can ensure this)
    assertThat(outcome.failure()).isInstanceOf(NotAuthenticException.class)
        .hasMessageContaining("after final package");
    assertThat(outcome.released()).isEqualTo(Arrays.copyOf(s.plaintext(), PAYLOAD));
    assertNoPlaintext(outcome.bufferAfterFailure(), suite.toString());
  }

  static Stream<Arguments> truncations() {
    return Stream.of(
        Arguments.of("inside package 1's body", PACKAGE + DareFormat.HEADER_SIZE + 500),
        Arguments.of("inside package 1's tag", 2 * PACKAGE - 3),
        Arguments.of("at the start of package 1", PACKAGE),
        Arguments.of("inside package 1's header", PACKAGE + 7));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("truncations")
  void truncatedStream_readInWholePackages_failsAfterTheIntactPackage(String where, int cut) {
    // Given a stream of three packages cut short
    DareKey key = Generated.randomKey();
    SealedStream s = SealedStream.seal(CipherSuite.AES_256_GCM, key, Generated.bytes(2 * PAYLOAD + 10));
    byte[] truncated = Arrays.copyOf(s.ciphertext(), cut);
    DareInputStream in = new DareInputStream(new ByteArrayInputStream(truncated), key);

    // When it is read in whole-package reads
    Outcome outcome = readInSlices(in, PAYLOAD);

    // Then package 0 came out, and the truncation is not authentic and left nothing behind
    assertThat(outcome.failure()).isInstanceOf(NotAuthenticException.class)
        .hasMessageContaining("unexpected EOF");
    assertThat(outcome.released()).isEqualTo(Arrays.copyOf(s.plaintext(), PAYLOAD));
    assertNoPlaintext(outcome.bufferAfterFailure(), where);
  }

  // ---------------------------------------------------------------- good streams

  static Stream<Arguments> rangesAndReadSizes() {
    int size = 4 * PAYLOAD + 1000;
    return Stream.of(
            new long[] {0, size}, // the whole stream, ending with the short final package
            new long[] {0, 2 * PAYLOAD}, // whole packages, not up to the final one
            new long[] {PAYLOAD, PAYLOAD + 10}, // ends 10 bytes into a package
            new long[] {100, 2 * PAYLOAD}, // starts 100 bytes into a package
            new long[] {3 * PAYLOAD, PAYLOAD + 1000}, // the last full and the final package
            new long[] {4 * PAYLOAD, 1000}, // only the final package
            new long[] {4 * PAYLOAD + 10, 990}) // the final package, but its first 10 bytes
        .flatMap(r -> Stream.of(PAYLOAD, PAYLOAD + 1, 3 * PAYLOAD)
            .map(len -> Arguments.of(size, r[0], r[1], len)));
  }

  @ParameterizedTest(name = "range [{1}, +{2}) of {0} bytes, reads of {3}")
  @MethodSource("rangesAndReadSizes")
  void rangeRead_inLargeReads_returnsExactlyTheRange_andWritesNothingBeyondWhatItReturns(
      int size, long offset, long length, int len) throws IOException {
    // Given a sealed stream and the slice of ciphertext a range needs
    DareKey key = Generated.randomKey();
    SealedStream s = SealedStream.seal(CipherSuite.AES_256_GCM, key, Generated.bytes(size));
    PackageRange p = DareFormat.range(size, offset, length);
    byte[] slice = Arrays.copyOfRange(s.ciphertext(),
        (int) p.encryptedOffset(), (int) (p.encryptedOffset() + p.encryptedLength()));
    DareInputStream in = DareInputStream.ofRange(new ByteArrayInputStream(slice), key, p);

    // When it is read in reads of at least a package (each checks nothing outside what it
    // returns was written: a range that ends inside a package must not be opened into the
    // caller's array)
    Outcome outcome = readInSlices(in, len);

    // Then exactly the range comes back
    assertThat(outcome.failure()).isNull();
    assertThat(outcome.released()).isEqualTo(
        Arrays.copyOfRange(s.plaintext(), (int) offset, (int) (offset + length)));
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void mixedShortAndLargeReads_returnThePlaintextInOrder(CipherSuite suite) throws IOException {
    // Given a stream of five packages
    DareKey key = Generated.randomKey();
    SealedStream s = SealedStream.seal(suite, key, Generated.bytes(4 * PAYLOAD + 1000));
    DareInputStream in = new DareInputStream(new ByteArrayInputStream(s.ciphertext()), key);
    ByteArrayOutputStream released = new ByteArrayOutputStream();
    byte[] buf = new byte[2 * PAYLOAD];

    // When it is read alternately with a short and a long read
    boolean small = true;
    for (int n; (n = in.read(buf, 0, small ? 1000 : buf.length)) != -1; small = !small) {
      released.write(buf, 0, n);
    }

    // Then everything comes back in order
    assertThat(released.toByteArray()).isEqualTo(s.plaintext());
  }

  // ---------------------------------------------------------------- the plaintext buffer

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void readsOfAtLeastAPackage_neverAllocateThePlaintextBuffer(CipherSuite suite)
      throws Exception {
    // Given a stream of four packages
    DareKey key = Generated.randomKey();
    SealedStream s = SealedStream.seal(suite, key, Generated.bytes(3 * PAYLOAD + 1000));
    DareInputStream in = new DareInputStream(new ByteArrayInputStream(s.ciphertext()), key);

    // When it is read in reads of exactly one package
    Outcome outcome = readInSlices(in, PAYLOAD);

    // Then all of it came back without the stream's own plaintext buffer
    assertThat(outcome.released()).isEqualTo(s.plaintext());
    assertThat(plainBuffer(in)).isNull();
  }

  @Test
  void shortReads_ofASmallStream_allocateAPlaintextBufferOfItsSizeOnly() throws Exception {
    // Given a stream of 1000 bytes
    DareKey key = Generated.randomKey();
    SealedStream s = SealedStream.seal(CipherSuite.AES_256_GCM, key, Generated.bytes(1000));
    DareInputStream in = new DareInputStream(new ByteArrayInputStream(s.ciphertext()), key);

    // When it is read in reads of 100 bytes
    Outcome outcome = readInSlices(in, 100);

    // Then it came back through a buffer of 1000 bytes, not of a whole package
    assertThat(outcome.released()).isEqualTo(s.plaintext());
    assertThat(plainBuffer(in)).hasSize(1000);
  }
}
