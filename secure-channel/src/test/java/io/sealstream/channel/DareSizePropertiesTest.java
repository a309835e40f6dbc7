package io.sealstream.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the DARE 2.0 size arithmetic ({@link DareFormat}) over the whole domain, and of
 * range reads ({@link DareFormat#range}, {@link DareInputStream#ofRange}) against real streams.
 * The expected values are computed independently of {@link DareFormat} wherever possible.
 */
class DareSizePropertiesTest {
  private static final long PAYLOAD = 65_536;
  private static final long PACKAGE = 65_568;
  private static final long MAX_PLAIN = 1L << 48;
  private static final long MAX_CIPHER = (1L << 32) * PACKAGE;

  // ---------------------------------------------------------------- generators

  /** Any plaintext size, with extra weight on package boundaries and the ends of the domain. */
  static long plaintextSize(SplittableRandom r) {
    return Generated.oneOf(
        r,
        x -> Generated.between(x, 0, MAX_PLAIN),
        x -> {
          long s;
          do {
            s = Generated.between(x, 0, 1L << 32) * PAYLOAD + Generated.between(x, -2, 2);
          } while (s < 0 || s > MAX_PLAIN);
          return s;
        });
  }

  /** Any ciphertext size up to the maximum, valid or not, with every residue class reachable. */
  static long encryptedSize(SplittableRandom r) {
    return Generated.oneOf(
        r,
        x -> Generated.between(x, 0, MAX_CIPHER),
        x -> {
          long e;
          do {
            e = Generated.between(x, 0, 1L << 32) * PACKAGE + Generated.between(x, 0, PACKAGE - 1);
          } while (e > MAX_CIPHER);
          return e;
        },
        x -> Generated.between(x, 0, (1L << 32) - 1) * PACKAGE + Generated.between(x, 0, 40));
  }

  record Range(long size, long offset, long length) {}

  private static Range rangeIn(SplittableRandom r, long size) {
    long offset = Generated.between(r, 0, size - 1);
    return new Range(size, offset, Generated.between(r, 1, size - offset));
  }

  static Stream<Arguments> plaintextSizes() {
    return Generated.cases(1000, r -> new Object[] {plaintextSize(r)});
  }

  static Stream<Arguments> encryptedSizes() {
    return Generated.cases(1000, r -> new Object[] {encryptedSize(r)});
  }

  static Stream<Arguments> validEncryptedSizes() {
    return Generated.cases(
        1000,
        r -> {
          long e;
          do {
            e = encryptedSize(r);
          } while (e % PACKAGE > 0 && e % PACKAGE <= 32);
          return new Object[] {e};
        });
  }

  /** Ranges in streams of any size. */
  static Stream<Arguments> ranges() {
    return Generated.cases(
        1000,
        r -> {
          long size;
          do {
            size = plaintextSize(r);
          } while (size == 0);
          return new Object[] {rangeIn(r, size)};
        });
  }

  /** Ranges in streams small enough to seal, up to 320 KiB (five packages), both suites. */
  static Stream<Arguments> sealableRanges() {
    return Generated.cases(
        50,
        r -> {
          long size;
          do {
            size =
                Generated.oneOf(
                    r,
                    x -> Generated.between(x, 1, 5 * PAYLOAD),
                    x -> Generated.between(x, 0, 5) * PAYLOAD + Generated.between(x, -1, 1));
          } while (size <= 0);
          CipherSuite suite = CipherSuite.values()[r.nextInt(2)];
          return new Object[] {rangeIn(r, size), suite};
        });
  }

  static Stream<Arguments> outsideSizes() {
    return Generated.cases(
        500,
        r ->
            new Object[] {
              Generated.oneOf(
                  r,
                  x -> Generated.between(x, Long.MIN_VALUE, -1),
                  x -> Generated.between(x, MAX_CIPHER + 1, Long.MAX_VALUE),
                  x ->
                      new long[] {-1L, MAX_CIPHER + 1, MAX_CIPHER + 33, Long.MAX_VALUE,
                        Long.MIN_VALUE}[x.nextInt(5)])
            });
  }

  static Stream<Arguments> sizesAndBadRangeKinds() {
    return Generated.cases(1000, r -> new Object[] {plaintextSize(r), r.nextInt(4)});
  }

  // ---------------------------------------------------------------- encryptedSize / decryptedSize

  @Test
  void knownSizes_matchSio() {
    assertThat(DareFormat.encryptedSize(0)).isZero();
    assertThat(DareFormat.encryptedSize(1)).isEqualTo(33);
    assertThat(DareFormat.encryptedSize(65_536)).isEqualTo(65_568);
    assertThat(DareFormat.encryptedSize(65_537)).isEqualTo(65_601);
    assertThat(DareFormat.encryptedSize(5L << 20)).isEqualTo(5_245_440);
    assertThat(DareFormat.encryptedSize(MAX_PLAIN)).isEqualTo(MAX_CIPHER);

    assertThat(DareFormat.decryptedSize(0)).isZero();
    assertThat(DareFormat.decryptedSize(33)).isEqualTo(1);
    assertThat(DareFormat.decryptedSize(65_568)).isEqualTo(65_536);
    assertThat(DareFormat.decryptedSize(65_601)).isEqualTo(65_537);
    assertThat(DareFormat.decryptedSize(5_245_440)).isEqualTo(5L << 20);
    assertThat(DareFormat.decryptedSize(MAX_CIPHER)).isEqualTo(MAX_PLAIN);
  }

  @ParameterizedTest(name = "size {0} (seed {1})")
  @MethodSource("plaintextSizes")
  void encryptedSize_thenDecryptedSize_givesTheSizeBack(long size, long seed) {
    // When a plaintext size is converted to its ciphertext size and back
    long encrypted = DareFormat.encryptedSize(size);

    // Then the ciphertext size is valid and converts back to the same plaintext size
    assertThat(DareFormat.isValidEncryptedSize(encrypted)).isTrue();
    assertThat(DareFormat.decryptedSize(encrypted)).isEqualTo(size);
  }

  @ParameterizedTest(name = "size {0} (seed {1})")
  @MethodSource("validEncryptedSizes")
  void decryptedSize_thenEncryptedSize_givesTheSizeBack(long encrypted, long seed) {
    // Given a valid ciphertext size

    // When it is converted to its plaintext size and back
    long plain = DareFormat.decryptedSize(encrypted);

    // Then it is the same ciphertext size
    assertThat(DareFormat.encryptedSize(plain)).isEqualTo(encrypted);
  }

  @ParameterizedTest(name = "size {0} (seed {1})")
  @MethodSource("plaintextSizes")
  void encryptedSize_addsThirtyTwoBytesPerPackage(long size, long seed) {
    // When the ciphertext size of a plaintext size is computed
    long encrypted = DareFormat.encryptedSize(size);

    // Then it is the plaintext plus a 16-byte header and 16-byte tag per started 64 KiB package
    long packages = size == 0 ? 0 : (size - 1) / PAYLOAD + 1;
    assertThat(DareFormat.packageCount(size)).isEqualTo(packages);
    assertThat(encrypted).isEqualTo(size + 32 * packages);
  }

  @ParameterizedTest(name = "size {0} (seed {1})")
  @MethodSource("encryptedSizes")
  void isValidEncryptedSize_isFalseExactlyForResidues1To32(long encrypted, long seed) {
    // Given a ciphertext size in [0, max] and its residue modulo the package size
    long residue = encrypted % PACKAGE;
    boolean expected = residue == 0 || residue > 32;

    // When its validity is checked
    boolean valid = DareFormat.isValidEncryptedSize(encrypted);

    // Then it is invalid exactly when the last package would hold no plaintext byte
    assertThat(valid).as("size %d, residue %d", encrypted, residue).isEqualTo(expected);
    if (!expected) {
      assertThatThrownBy(() -> DareFormat.decryptedSize(encrypted))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @ParameterizedTest(name = "size {0} (seed {1})")
  @MethodSource("outsideSizes")
  void sizesOutsideTheDomain_areRejected(long outside, long seed) {
    // Given a size below 0 or above the maximum ciphertext size

    // Then it is no valid ciphertext size and no plaintext size maps to it
    assertThat(DareFormat.isValidEncryptedSize(outside)).isFalse();
    assertThatThrownBy(() -> DareFormat.decryptedSize(outside))
        .isInstanceOf(IllegalArgumentException.class);
    if (outside < 0 || outside > MAX_PLAIN) {
      assertThatThrownBy(() -> DareFormat.encryptedSize(outside))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> DareFormat.packageCount(outside))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void justAboveTheMaximumPlaintextSize_isRejected() {
    assertThatThrownBy(() -> DareFormat.encryptedSize(MAX_PLAIN + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(DareFormat.packageCount(MAX_PLAIN)).isEqualTo(1L << 32);
    assertThat(DareFormat.packageCount(0)).isZero();
    assertThat(DareFormat.packageCount(1)).isEqualTo(1);
    assertThat(DareFormat.packageCount(65_536)).isEqualTo(1);
    assertThat(DareFormat.packageCount(65_537)).isEqualTo(2);
  }

  // ---------------------------------------------------------------- range

  @ParameterizedTest(name = "{0} (seed {1})")
  @MethodSource("ranges")
  void range_readsExactlyThePackagesThatHoldTheRange(Range r, long seed) {
    // When the packages of a plaintext range are computed
    PackageRange p = DareFormat.range(r.size(), r.offset(), r.length());

    // Then they start at the package holding the first byte and end with the one holding the last
    long first = r.offset() / PAYLOAD;
    long last = (r.offset() + r.length() - 1) / PAYLOAD;
    assertThat(p.firstSequence()).isEqualTo(first);
    assertThat(p.packageCount()).isEqualTo(last - first + 1);
    assertThat(p.skip()).isEqualTo(r.offset() - first * PAYLOAD);
    assertThat(p.length()).isEqualTo(r.length());

    // And their ciphertext is exactly the ciphertext of the plaintext those packages hold
    long plainStart = first * PAYLOAD;
    long plainEnd = Math.min(r.size(), (last + 1) * PAYLOAD);
    assertThat(p.encryptedOffset()).isEqualTo(DareFormat.encryptedSize(plainStart));
    assertThat(p.encryptedLength())
        .isEqualTo(DareFormat.encryptedSize(plainEnd) - DareFormat.encryptedSize(plainStart));
    assertThat(p.encryptedOffset() + p.encryptedLength())
        .isLessThanOrEqualTo(DareFormat.encryptedSize(r.size()));

    // And they include the stream's final package exactly when the range reaches into it
    long lastPackage = DareFormat.packageCount(r.size()) - 1;
    assertThat(p.endsWithFinal()).isEqualTo(last == lastPackage);
    assertThat(p.endsWithFinal()).isEqualTo(
        p.encryptedOffset() + p.encryptedLength() == DareFormat.encryptedSize(r.size()));
  }

  @ParameterizedTest(name = "size {0}, kind {1} (seed {2})")
  @MethodSource("sizesAndBadRangeKinds")
  void range_outsideTheStream_isRejected(long size, int kind, long seed) {
    // Given a range that is empty, starts before 0, or ends after the stream
    long offset = kind == 1 ? -1 : kind == 3 ? size : 0;
    long length = kind == 0 ? 0 : kind == 2 ? size + 1 : 1;

    // Then it is rejected
    assertThatThrownBy(() -> DareFormat.range(size, offset, length))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0} {1} (seed {2})")
  @MethodSource("sealableRanges")
  void rangeRead_ofTheSliceOfARealStream_returnsExactlyThatPlaintext(
      Range r, CipherSuite suite, long seed)
      throws IOException {
    // Given a real sealed stream of that size
    byte[] plaintext = new byte[(int) r.size()];
    new SplittableRandom(seed).nextBytes(plaintext);
    DareKey key = DareKey.copyOf(Randomness.bytes(32));
    ByteArrayOutputStream sealed = new ByteArrayOutputStream();
    try (DareOutputStream out = new DareOutputStream(sealed, key, suite)) {
      out.write(plaintext);
    }
    byte[] ciphertext = sealed.toByteArray();

    // When only the slice of ciphertext that the range names is read
    PackageRange p = DareFormat.range(r.size(), r.offset(), r.length());
    byte[] slice = Arrays.copyOfRange(ciphertext,
        (int) p.encryptedOffset(), (int) (p.encryptedOffset() + p.encryptedLength()));
    byte[] read;
    try (DareInputStream in = DareInputStream.ofRange(new ByteArrayInputStream(slice), key, p)) {
      read = in.readAllBytes();
    }

    // Then exactly the plaintext range comes back
    assertThat(read).isEqualTo(Arrays.copyOfRange(
        plaintext, (int) r.offset(), (int) (r.offset() + r.length())));
  }
}
