package io.sealstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code sealstream dare encrypt|decrypt} run in-process against byte streams. */
class DareCommandTest {
  private static final String KEY =
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
  private static final String OTHER_KEY =
      "ff0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

  record Result(int status, byte[] out, String err) {}

  static Result run(byte[] stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Sealstream.run(
            new Console(
                new ByteArrayInputStream(stdin),
                out,
                new PrintStream(err, true, StandardCharsets.UTF_8)),
            args);
    return new Result(status, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void encryptWithFixedNonce_matchesSioVector() {
    Result r =
        run(new byte[1], "dare", "encrypt", "--key", KEY, "--cipher", "aes",
            "--insecure-nonce", "000102030405060708090a0b");

    assertThat(r.status()).isZero();
    assertThat(HexFormat.of().formatHex(r.out()))
        .isEqualTo("20000000800102030405060708090a0b29c5f2b6d44cf237128fb2917fd04d2d1f");
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {1, 65535, 65536, 65537, 300_000})
  void encryptThenDecrypt_returnsInput(int size) {
    byte[] plaintext = random(size, size);
    for (String cipher : new String[] {"aes", "chacha"}) {
      Result sealed = run(plaintext, "dare", "encrypt", "--key", KEY, "--cipher", cipher);
      Result opened = run(sealed.out(), "dare", "decrypt", "--key", KEY);

      assertThat(sealed.status()).isZero();
      assertThat(opened.status()).isZero();
      assertThat(opened.out()).isEqualTo(plaintext);
    }
  }

  @Test
  void decryptWithWrongKey_failsWithOneLineAndNoOutput() {
    byte[] sealed = run(random(200_000, 1), "dare", "encrypt", "--key", KEY).out();

    Result r = run(sealed, "dare", "decrypt", "--key", OTHER_KEY);

    assertThat(r.status()).isEqualTo(Sealstream.EXIT_NOT_AUTHENTIC);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.err()).contains("authentication failed at package 0").doesNotContain(OTHER_KEY);
  }

  @Test
  void decryptOfTamperedThirdPackage_writesOnlyTheFirstTwoPackages() {
    byte[] plaintext = random(200_000, 2);
    byte[] sealed = run(plaintext, "dare", "encrypt", "--key", KEY).out();
    sealed[2 * 65568 + 100] ^= 1; // inside the body of package 2

    Result r = run(sealed, "dare", "decrypt", "--key", KEY);

    assertThat(r.status()).isEqualTo(Sealstream.EXIT_NOT_AUTHENTIC);
    assertThat(r.out()).isEqualTo(java.util.Arrays.copyOf(plaintext, 2 * 65536));
    assertThat(r.err()).contains("authentication failed at package 2");
  }

  @Test
  void decryptOfTruncatedStream_fails() {
    byte[] sealed = run(random(200_000, 3), "dare", "encrypt", "--key", KEY).out();
    byte[] truncated = java.util.Arrays.copyOf(sealed, 2 * 65568);

    Result r = run(truncated, "dare", "decrypt", "--key", KEY);

    assertThat(r.status()).isEqualTo(Sealstream.EXIT_NOT_AUTHENTIC);
    assertThat(r.err()).contains("unexpected EOF");
  }

  @Test
  void decryptFromSequence_recoversAStreamsTail() {
    byte[] plaintext = random(200_000, 4);
    byte[] sealed = run(plaintext, "dare", "encrypt", "--key", KEY).out();
    byte[] tail = java.util.Arrays.copyOfRange(sealed, 65568, sealed.length);

    Result r = run(tail, "dare", "decrypt", "--key", KEY, "--sequence", "1");

    assertThat(r.status()).isZero();
    assertThat(r.out()).isEqualTo(java.util.Arrays.copyOfRange(plaintext, 65536, 200_000));
  }

  @Test
  void emptyInput_encryptsToNothing_andDecryptRefusesIt() {
    Result sealed = run(new byte[0], "dare", "encrypt", "--key", KEY);
    Result opened = run(new byte[0], "dare", "decrypt", "--key", KEY);

    assertThat(sealed.status()).isZero();
    assertThat(sealed.out()).isEmpty();
    assertThat(opened.status()).isEqualTo(Sealstream.EXIT_NOT_AUTHENTIC);
    assertThat(opened.err()).contains("empty ciphertext");
  }

  @Test
  void malformedKey_isAUsageErrorThatDoesNotEchoTheKey() {
    String badKey = "zz" + KEY.substring(2);

    Result r = run(new byte[1], "dare", "encrypt", "--key", badKey);

    assertThat(r.status()).isEqualTo(Sealstream.EXIT_USAGE);
    assertThat(r.err()).contains("hexadecimal").doesNotContain(badKey);
  }

  @Test
  void unknownCipher_isAUsageError() {
    Result r = run(new byte[1], "dare", "encrypt", "--key", KEY, "--cipher", "des");

    assertThat(r.status()).isEqualTo(Sealstream.EXIT_USAGE);
    assertThat(r.err()).contains("cipher must be 'aes' or 'chacha'");
  }
}
