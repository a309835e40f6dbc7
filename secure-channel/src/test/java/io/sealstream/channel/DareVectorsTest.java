package io.sealstream.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.HexFormat;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * minio/sio's DARE 2.0 golden vectors (reference/minio-sse.md §1.9, re-derived independently),
 * and deliberately broken variants of each, every mutation named.
 */
class DareVectorsTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final DareKey KEY =
      DareKey.fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  private static final byte[] RANDOM = HEX.parseHex("000102030405060708090a0b");

  /** Package i: sequence i, cipher i mod 2, i+1 zero bytes, sealed as a final package. */
  static Stream<Arguments> goldenVectors() {
    return Stream.of(
        Arguments.of(
            0, CipherSuite.AES_256_GCM,
            "20000000800102030405060708090a0b" + "29" + "c5f2b6d44cf237128fb2917fd04d2d1f"),
        Arguments.of(
            1, CipherSuite.CHACHA20_POLY1305,
            "20010100800102030405060708090a0b" + "cc5d" + "902a536aa9b678ff97e206e34356aeb8"),
        Arguments.of(
            2, CipherSuite.AES_256_GCM,
            "20000200800102030405060708090a0b" + "81b021" + "4ab69f6f16c07d90879cde5032150a6d"));
  }

  @ParameterizedTest(name = "package {0} ({1})")
  @MethodSource("goldenVectors")
  void sealing_matchesSioGoldenVector(int seq, CipherSuite suite, String expectedHex) {
    // Given sio's key, random value, sequence number and plaintext
    byte[] plaintext = new byte[seq + 1];
    byte[] out = new byte[plaintext.length + DareFormat.PACKAGE_OVERHEAD];

    // When the package is sealed as the final one
    DareSealer.insecureWithFixedNonce(KEY, suite, RANDOM, seq)
        .seal(plaintext, 0, plaintext.length, true, out, 0);

    // Then it is byte-identical to sio's
    assertThat(HEX.formatHex(out)).isEqualTo(expectedHex);
  }

  @ParameterizedTest(name = "package {0} ({1})")
  @MethodSource("goldenVectors")
  void opening_sioGoldenVector_returnsPlaintext(int seq, CipherSuite suite, String hex)
      throws Exception {
    byte[] pkg = HEX.parseHex(hex);
    byte[] out = new byte[seq + 1];
    DareOpener opener = DareOpener.startingAt(KEY, seq);

    int n = opener.open(pkg, 0, pkg.length, out, 0);

    assertThat(n).isEqualTo(seq + 1);
    assertThat(out).containsOnly(0);
    assertThat(opener.isFinished()).isTrue();
  }

  record Mutation(String name, UnaryOperator<byte[]> apply) {
    @Override
    public String toString() {
      return name;
    }
  }

  static byte[] flip(byte[] b, int index, int mask) {
    byte[] c = b.clone();
    c[index] ^= (byte) mask;
    return c;
  }

  static Stream<Mutation> mutations() {
    return Stream.of(
        new Mutation("version 0x10", b -> flip(b, 0, 0x20 ^ 0x10)),
        new Mutation("version 0x21", b -> flip(b, 0, 0x01)),
        new Mutation("unknown cipher 0x02", b -> withByte(b, 1, 0x02)),
        new Mutation("other cipher", b -> flip(b, 1, 0x01)),
        new Mutation("length field low bit", b -> flip(b, 2, 0x01)),
        new Mutation("length field high byte", b -> flip(b, 3, 0x01)),
        new Mutation("final flag cleared", b -> flip(b, 4, 0x80)),
        new Mutation("random value byte 4 low bit", b -> flip(b, 4, 0x01)),
        new Mutation("random value byte 15", b -> flip(b, 15, 0x40)),
        new Mutation("ciphertext first byte", b -> flip(b, 16, 0x01)),
        new Mutation("tag first byte", b -> flip(b, b.length - 16, 0x01)),
        new Mutation("tag last byte", b -> flip(b, b.length - 1, 0x80)),
        new Mutation("truncated by one byte", b -> java.util.Arrays.copyOf(b, b.length - 1)),
        new Mutation("header only", b -> java.util.Arrays.copyOf(b, 16)),
        new Mutation("one byte appended", b -> java.util.Arrays.copyOf(b, b.length + 1)));
  }

  private static byte[] withByte(byte[] b, int index, int value) {
    byte[] c = b.clone();
    c[index] = (byte) value;
    return c;
  }

  static Stream<Arguments> brokenVectors() {
    return goldenVectors()
        .flatMap(
            v ->
                mutations()
                    .map(m -> Arguments.of(v.get()[0], v.get()[2], m)));
  }

  @ParameterizedTest(name = "package {0}: {2}")
  @MethodSource("brokenVectors")
  void brokenVector_isRejectedWithoutPlaintext(int seq, String hex, Mutation mutation) {
    // Given a golden package with one named mutation
    byte[] broken = mutation.apply().apply(HEX.parseHex(hex));

    // When it is read as a stream starting at its sequence number
    var in = DareInputStream.fromSequence(new ByteArrayInputStream(broken), KEY, seq);

    // Then it is refused and nothing is released
    byte[] sink = new byte[100];
    assertThatThrownBy(() -> in.read(sink)).isInstanceOf(NotAuthenticException.class);
    assertThat(sink).containsOnly(0);
  }

  @ParameterizedTest(name = "package {0}")
  @MethodSource("goldenVectors")
  void goldenVector_atWrongSequence_isRejected(int seq, CipherSuite suite, String hex) {
    byte[] pkg = HEX.parseHex(hex);
    DareOpener opener = DareOpener.startingAt(KEY, seq + 1);

    assertThatThrownBy(() -> opener.open(pkg, 0, pkg.length, new byte[seq + 1], 0))
        .isInstanceOf(NotAuthenticException.class)
        .hasMessageContaining("authentication failed");
  }

  @ParameterizedTest(name = "package {0}")
  @MethodSource("goldenVectors")
  void goldenVector_underWrongKey_isRejected(int seq, CipherSuite suite, String hex) {
    byte[] pkg = HEX.parseHex(hex);
    DareKey wrong = DareKey.fromHex("ff0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    assertThatThrownBy(
            () -> DareOpener.startingAt(wrong, seq).open(pkg, 0, pkg.length, new byte[4], 0))
        .isInstanceOf(NotAuthenticException.class);
  }
}
