package io.sealstream.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * All of minio/sio's DARE 2.0 golden vectors (128) and invalid vectors (18), read from
 * {@code sio-dare20-vectors.txt}: we seal every golden package byte for byte, open it, and refuse
 * every invalid one.
 */
class SioVectorFileTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final DareKey KEY =
      DareKey.fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  private static final byte[] RANDOM = HEX.parseHex("000102030405060708090a0b");

  private static List<String[]> lines(String kind) throws IOException {
    try (var in = SioVectorFileTest.class.getResourceAsStream("/sio-dare20-vectors.txt");
        var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      return reader
          .lines()
          .filter(l -> l.startsWith(kind + " "))
          .map(l -> l.split(" ", 4))
          .toList();
    }
  }

  static Stream<Arguments> golden() throws IOException {
    return lines("golden").stream()
        .map(f -> Arguments.of(Integer.parseInt(f[1]), f[2]));
  }

  static Stream<Arguments> invalid() throws IOException {
    return lines("invalid").stream()
        .map(f -> Arguments.of(Integer.parseInt(f[1]), f[2], f[3]));
  }

  @Test
  void vectorFile_holdsAllOfSiosVectors() throws IOException {
    assertThat(lines("golden")).hasSize(128);
    assertThat(lines("invalid")).hasSize(18);
  }

  @ParameterizedTest(name = "golden {0}")
  @MethodSource("golden")
  void goldenVector_isSealedByteForByte_andOpens(int seq, String hex) throws Exception {
    // Given sio's inputs for vector i: sequence i, i+1 zero bytes, the suite in its header
    byte[] expected = HEX.parseHex(hex);
    CipherSuite suite = CipherSuite.fromId(expected[1]).orElseThrow();
    byte[] plaintext = new byte[seq + 1];
    byte[] out = new byte[expected.length];

    // When we seal it as the final package, and open sio's bytes
    DareSealer.insecureWithFixedNonce(KEY, suite, RANDOM, seq)
        .seal(plaintext, 0, plaintext.length, true, out, 0);
    byte[] opened = new byte[seq + 1];
    int n = DareOpener.startingAt(KEY, seq).open(expected, 0, expected.length, opened, 0);

    // Then both agree with sio
    assertThat(HEX.formatHex(out)).isEqualTo(hex);
    assertThat(n).isEqualTo(seq + 1);
    assertThat(opened).containsOnly(0);
  }

  @ParameterizedTest(name = "invalid {0}: {2}")
  @MethodSource("invalid")
  void invalidVector_isRejected(int seq, String hex, String what) {
    byte[] pkg = HEX.parseHex(hex);
    byte[] out = new byte[Math.max(0, pkg.length - DareFormat.PACKAGE_OVERHEAD)];

    assertThatThrownBy(() -> DareOpener.startingAt(KEY, seq).open(pkg, 0, pkg.length, out, 0))
        .as(what)
        .isInstanceOf(NotAuthenticException.class);
    assertThat(out).containsOnly(0);
  }
}
