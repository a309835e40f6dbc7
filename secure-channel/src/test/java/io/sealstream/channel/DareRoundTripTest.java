package io.sealstream.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Round trips through {@link DareOutputStream} and {@link DareInputStream} at and around package
 * boundaries, the layout of what is written, the misuse the sealer and the stream refuse, and the
 * separation of part keys, and round trips of random sizes up to 1 MiB.
 */
class DareRoundTripTest {
  private static final int PAYLOAD = DareFormat.MAX_PAYLOAD_SIZE;
  private static final int PACKAGE = DareFormat.MAX_PACKAGE_SIZE;

  /** How plaintext is written to, and read from, the streams. */
  enum Chunking {
    ONE_BYTE_AT_A_TIME,
    RANDOM_CHUNKS,
    ONE_CALL
  }


  static byte[] plaintext(int size, long seed) {
    byte[] b = new byte[size];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  static byte[] seal(byte[] plaintext, DareKey key, CipherSuite suite, Chunking chunking,
      SplittableRandom random) throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    DareOutputStream out = new DareOutputStream(sink, key, suite);
    switch (chunking) {
      case ONE_BYTE_AT_A_TIME -> {
        for (byte b : plaintext) {
          out.write(b);
        }
      }
      case RANDOM_CHUNKS -> {
        for (int off = 0; off < plaintext.length; ) {
          int n = Math.min(plaintext.length - off, 1 + random.nextInt(3 * PAYLOAD));
          out.write(plaintext, off, n);
          off += n;
        }
      }
      case ONE_CALL -> out.write(plaintext);
    }
    out.close();
    assertThat(out.plaintextBytes()).isEqualTo(plaintext.length);
    return sink.toByteArray();
  }

  static byte[] open(byte[] ciphertext, DareKey key, Chunking chunking, SplittableRandom random)
      throws IOException {
    try (InputStream in = new DareInputStream(new ByteArrayInputStream(ciphertext), key)) {
      ByteArrayOutputStream plain = new ByteArrayOutputStream();
      switch (chunking) {
        case ONE_BYTE_AT_A_TIME -> {
          for (int b; (b = in.read()) != -1; ) {
            plain.write(b);
          }
        }
        case RANDOM_CHUNKS -> {
          byte[] buf = new byte[3 * PAYLOAD];
          for (int n; (n = in.read(buf, 0, 1 + random.nextInt(buf.length))) != -1; ) {
            plain.write(buf, 0, n);
          }
        }
        case ONE_CALL -> plain.writeBytes(in.readAllBytes());
      }
      return plain.toByteArray();
    }
  }

  /** Checks every package header: version, suite, length, one nonce, final flag on the last. */
  static void assertWellFormed(byte[] ciphertext, int plaintextSize, CipherSuite suite) {
    int packages = (int) DareFormat.packageCount(plaintextSize);
    byte[] nonce = Arrays.copyOfRange(ciphertext, 4, 16);
    nonce[0] &= 0x7f;
    for (int k = 0; k < packages; k++) {
      int at = k * PACKAGE;
      int payload = Math.min(PAYLOAD, plaintextSize - k * PAYLOAD);
      byte[] header = Arrays.copyOfRange(ciphertext, at, at + DareFormat.HEADER_SIZE);
      boolean isFinal = (header[4] & 0x80) != 0;
      header[4] &= 0x7f;
      assertThat(header[0]).as("version of package %d", k).isEqualTo(DareFormat.VERSION_20);
      assertThat(header[1]).as("cipher of package %d", k).isEqualTo(suite.id());
      assertThat((header[2] & 0xff) | (header[3] & 0xff) << 8).as("length - 1 of package %d", k)
          .isEqualTo(payload - 1);
      assertThat(Arrays.copyOfRange(header, 4, 16)).as("nonce of package %d", k).isEqualTo(nonce);
      assertThat(isFinal).as("final flag of package %d", k).isEqualTo(k == packages - 1);
    }
  }

  // ---------------------------------------------------------------- round trips

  static Stream<Arguments> sizesSuitesAndChunkings() {
    List<Arguments> cases = new ArrayList<>();
    for (int size : new int[] {1, 65_535, 65_536, 65_537, 2 * 65_536, 2 * 65_536 + 1}) {
      for (CipherSuite suite : CipherSuite.values()) {
        for (Chunking chunking : Chunking.values()) {
          cases.add(Arguments.of(size, suite, chunking));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} bytes, {1}, {2}")
  @MethodSource("sizesSuitesAndChunkings")
  void roundTrip_returnsThePlaintext_fromCiphertextOfTheExactSize(
      int size, CipherSuite suite, Chunking chunking) throws IOException {
    // Given a plaintext and a key
    byte[] plaintext = plaintext(size, size);
    DareKey key = Generated.randomKey();
    SplittableRandom random = new SplittableRandom(size);

    // When it is sealed and opened, written and read in the given chunks
    byte[] ciphertext = seal(plaintext, key, suite, chunking, random);
    byte[] opened = open(ciphertext, key, chunking, random);

    // Then the ciphertext has the exact size and layout, and the plaintext comes back
    assertThat(ciphertext).hasSize((int) DareFormat.encryptedSize(size));
    assertWellFormed(ciphertext, size, suite);
    assertThat(opened).isEqualTo(plaintext);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void emptyPlaintext_sealsToZeroBytes(CipherSuite suite) throws IOException {
    // Given a stream that is closed without a write
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    DareOutputStream out = new DareOutputStream(sink, Generated.randomKey(), suite);

    // When it is closed
    out.close();

    // Then nothing was written, as encryptedSize(0) says
    assertThat(sink.toByteArray()).isEmpty();
    assertThat(DareFormat.encryptedSize(0)).isZero();
  }

  @Test
  void emptyCiphertext_isRejectedAsNotAuthentic() {
    // Given an empty ciphertext (what a truncation to zero looks like; docs/format.md §1.6)
    DareInputStream in = new DareInputStream(new ByteArrayInputStream(new byte[0]), Generated.randomKey());

    // When it is read
    Throwable thrown = catchThrowable(in::read);

    // Then it is refused, and stays refused
    assertThat(thrown).isInstanceOf(NotAuthenticException.class);
    assertThatThrownBy(in::readAllBytes).isInstanceOf(NotAuthenticException.class);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void twoSealsOfTheSamePlaintext_differ(CipherSuite suite) throws IOException {
    // Given one plaintext and one key
    byte[] plaintext = plaintext(2 * PAYLOAD + 3, 7);
    DareKey key = Generated.randomKey();
    SplittableRandom random = new SplittableRandom(7);

    // When it is sealed twice
    byte[] first = seal(plaintext, key, suite, Chunking.ONE_CALL, random);
    byte[] second = seal(plaintext, key, suite, Chunking.ONE_CALL, random);

    // Then each stream has its own nonce, so every package differs
    assertThat(Arrays.copyOfRange(first, 4, 16)).isNotEqualTo(Arrays.copyOfRange(second, 4, 16));
    for (int k = 0; k < 3; k++) {
      int at = k * PACKAGE + DareFormat.HEADER_SIZE;
      assertThat(Arrays.copyOfRange(first, at, at + 16))
          .as("first ciphertext bytes of package %d", k)
          .isNotEqualTo(Arrays.copyOfRange(second, at, at + 16));
    }
  }

  @Test
  void freshNonces_areDistinctAcrossManyStreams() {
    // Given many streams sealed under one key
    DareKey key = Generated.randomKey();
    Set<String> nonces = new HashSet<>();

    // When each seals one byte
    for (int i = 0; i < 2_000; i++) {
      byte[] sealed = DareSealer.sealValue(key, CipherSuite.AES_256_GCM, new byte[1]);
      nonces.add(Arrays.toString(Arrays.copyOfRange(sealed, 4, 16)));
    }

    // Then no nonce repeats
    assertThat(nonces).hasSize(2_000);
  }

  // ---------------------------------------------------------------- misuse

  @Test
  void write_afterFinish_isRejected() throws IOException {
    // Given a finished stream
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    DareOutputStream out = new DareOutputStream(sink, Generated.randomKey(), CipherSuite.AES_256_GCM);
    out.write(new byte[10]);
    out.finish();
    int written = sink.size();

    // When more is written
    Throwable array = catchThrowable(() -> out.write(new byte[1]));
    Throwable single = catchThrowable(() -> out.write(1));
    Throwable empty = catchThrowable(() -> out.write(new byte[0]));

    // Then it is refused and nothing more reaches the sink, not even on another finish or close
    assertThat(array).isInstanceOf(IllegalStateException.class);
    assertThat(single).isInstanceOf(IllegalStateException.class);
    assertThat(empty).isInstanceOf(IllegalStateException.class);
    out.finish();
    out.close();
    assertThat(sink.size()).isEqualTo(written).isEqualTo(10 + 32);
  }

  @Test
  void write_afterClose_isRejected() throws IOException {
    // Given a closed stream
    DareOutputStream out =
        new DareOutputStream(new ByteArrayOutputStream(), Generated.randomKey(), CipherSuite.AES_256_GCM);
    out.write(new byte[10]);
    out.close();

    // When more is written
    Throwable thrown = catchThrowable(() -> out.write(new byte[1]));

    // Then it is refused
    assertThat(thrown).isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void seal_ofAShortNonFinalPackage_isRejected(CipherSuite suite) {
    // Given a sealer
    DareSealer sealer = DareSealer.create(Generated.randomKey(), suite);
    byte[] out = new byte[PACKAGE];

    // When a package of 65535 bytes is sealed as non-final
    Throwable thrown =
        catchThrowable(() -> sealer.seal(new byte[PAYLOAD - 1], 0, PAYLOAD - 1, false, out, 0));

    // Then it is refused: every package but the final one is full
    assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
    assertThat(out).containsOnly(0);
  }

  @ParameterizedTest(name = "{0}, final = {1}")
  @MethodSource("suitesAndFinalFlags")
  void seal_ofAnEmptyPackage_isRejected(CipherSuite suite, boolean isFinal) {
    // Given a sealer
    DareSealer sealer = DareSealer.create(Generated.randomKey(), suite);

    // When a package of 0 bytes is sealed
    Throwable thrown = catchThrowable(
        () -> sealer.seal(new byte[1], 0, 0, isFinal, new byte[PACKAGE], 0));

    // Then it is refused
    assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
    assertThat(sealer.isFinished()).isFalse();
  }

  static Stream<Arguments> suitesAndFinalFlags() {
    return Stream.of(CipherSuite.values())
        .flatMap(s -> Stream.of(Arguments.of(s, true), Arguments.of(s, false)));
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void seal_ofAnOversizedPackage_isRejected(CipherSuite suite) {
    // Given a sealer
    DareSealer sealer = DareSealer.create(Generated.randomKey(), suite);

    // When a package of 65537 bytes is sealed
    Throwable thrown = catchThrowable(() ->
        sealer.seal(new byte[PAYLOAD + 1], 0, PAYLOAD + 1, true, new byte[PACKAGE + 1], 0));

    // Then it is refused
    assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void seal_afterTheFinalPackage_isRejected(CipherSuite suite) {
    // Given a sealer that sealed its final package
    DareSealer sealer = DareSealer.create(Generated.randomKey(), suite);
    sealer.seal(new byte[5], 0, 5, true, new byte[PACKAGE], 0);

    // When another package is sealed, final or not
    Throwable asFinal = catchThrowable(
        () -> sealer.seal(new byte[5], 0, 5, true, new byte[PACKAGE], 0));
    Throwable asNonFinal = catchThrowable(
        () -> sealer.seal(new byte[PAYLOAD], 0, PAYLOAD, false, new byte[PACKAGE], 0));

    // Then both are refused
    assertThat(sealer.isFinished()).isTrue();
    assertThat(asFinal).isInstanceOf(IllegalStateException.class);
    assertThat(asNonFinal).isInstanceOf(IllegalStateException.class);
  }

  // ---------------------------------------------------------------- part keys

  @Test
  void partKeys_differPerPartNumber_andFromTheObjectsOtherKeys() {
    // Given an object key
    ObjectKey oek = ObjectKey.generate(ExternalKey.copyOf(Randomness.bytes(32)));

    // When the keys of many parts, and its data, ETag and checksum keys, are derived
    Set<String> keys = new HashSet<>();
    int[] beyond = {1 << 16, 1 << 24, 1 << 30, Integer.MAX_VALUE - 1, Integer.MAX_VALUE};
    int count = 0;
    for (int n = 0; n <= 10_000; n++) {
      keys.add(Arrays.toString(oek.partKey(n).material()));
      count++;
    }
    for (int n : beyond) { // each flips a byte the loop above never reaches
      keys.add(Arrays.toString(oek.partKey(n).material()));
      count++;
    }
    keys.add(Arrays.toString(oek.dataKey().material()));
    keys.add(Arrays.toString(oek.etagKey().material()));
    keys.add(Arrays.toString(oek.checksumKey().material()));

    // Then all differ, and the same part number gives the same key again
    assertThat(keys).hasSize(count + 3);
    assertThat(oek.partKey(7).material()).isEqualTo(oek.partKey(7).material());
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void partSealedUnderOnePartKey_doesNotOpenUnderAnother(CipherSuite suite) throws IOException {
    // Given part 2 of an object sealed under its part key
    ObjectKey oek = ObjectKey.generate(ExternalKey.copyOf(Randomness.bytes(32)));
    byte[] part = plaintext(PAYLOAD + 100, 2);
    byte[] sealed = seal(part, oek.partKey(2), suite, Chunking.ONE_CALL, new SplittableRandom());

    // When it is opened under the keys of parts 1 and 3, the object's data key, and part 2's
    Throwable asPart1 = catchThrowable(
        () -> open(sealed, oek.partKey(1), Chunking.ONE_CALL, new SplittableRandom()));
    Throwable asPart3 = catchThrowable(
        () -> open(sealed, oek.partKey(3), Chunking.ONE_CALL, new SplittableRandom()));
    Throwable asData = catchThrowable(
        () -> open(sealed, oek.dataKey(), Chunking.ONE_CALL, new SplittableRandom()));
    byte[] asPart2 = open(sealed, oek.partKey(2), Chunking.ONE_CALL, new SplittableRandom());

    // Then only part 2's key opens it
    assertThat(asPart1).isInstanceOf(NotAuthenticException.class);
    assertThat(asPart3).isInstanceOf(NotAuthenticException.class);
    assertThat(asData).isInstanceOf(NotAuthenticException.class);
    assertThat(asPart2).isEqualTo(part);
  }

  @Test
  void partKey_ofANegativePartNumber_isRejected() {
    // Given an object key
    ObjectKey oek = ObjectKey.generate(ExternalKey.copyOf(Randomness.bytes(32)));

    // When the key of part -1 is asked for
    Throwable thrown = catchThrowable(() -> oek.partKey(-1));

    // Then it is refused
    assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
  }

  /** 1 byte to 1 MiB, half of the time next to a package boundary; both suites; any chunking. */
  static Stream<Arguments> randomRoundTrips() {
    return Generated.cases(
        25,
        r -> {
          int size =
              Generated.oneOf(
                  r,
                  x -> (int) Generated.between(x, 1, 1 << 20),
                  x -> (int) (Generated.between(x, 1, 16) * PAYLOAD + Generated.between(x, -1, 1)));
          return new Object[] {
            size,
            CipherSuite.values()[r.nextInt(2)],
            Chunking.values()[r.nextInt(Chunking.values().length)]
          };
        });
  }

  @ParameterizedTest(name = "{0} bytes, {1}, {2} (seed {3})")
  @MethodSource("randomRoundTrips")
  void roundTrip_ofAnySizeUpTo1MiB_returnsThePlaintext(
      int size, CipherSuite suite, Chunking chunking, long seed) throws IOException {
    // Given a plaintext of that size (byte-at-a-time only below 256 KiB, to stay quick)
    Chunking used =
        chunking == Chunking.ONE_BYTE_AT_A_TIME && size > 1 << 18 ? Chunking.RANDOM_CHUNKS : chunking;
    byte[] plaintext = plaintext(size, seed);
    DareKey key = Generated.randomKey();
    SplittableRandom random = new SplittableRandom(seed);

    // When it is sealed and opened
    byte[] ciphertext = seal(plaintext, key, suite, used, random);
    byte[] opened = open(ciphertext, key, used, random);

    // Then the ciphertext has the exact size and layout, and the plaintext comes back
    assertThat(ciphertext).hasSize((int) DareFormat.encryptedSize(size));
    assertWellFormed(ciphertext, size, suite);
    assertThat(opened).isEqualTo(plaintext);
  }

  @Test
  void downstreamFailure_surfacesFromTryWithResourcesAsTheOriginalCause() {
    // Given a downstream that fails on its first write
    IOException disk = new IOException("disk full");
    java.io.OutputStream failing =
        new java.io.OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw disk;
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            throw disk;
          }
        };

    // When more than a package is written inside try-with-resources
    Throwable thrown =
        catchThrowable(
            () -> {
              try (DareOutputStream out =
                  new DareOutputStream(failing, Generated.randomKey(), CipherSuite.AES_256_GCM)) {
                out.write(new byte[3 * PAYLOAD]);
              }
            });

    // Then the disk failure arrives, with the close failure suppressed, not an
    // IllegalArgumentException about self-suppression
    assertThat(thrown).isSameAs(disk);
    assertThat(thrown.getSuppressed()).hasSize(1);
    assertThat(thrown.getSuppressed()[0]).hasCause(disk);
  }
}
