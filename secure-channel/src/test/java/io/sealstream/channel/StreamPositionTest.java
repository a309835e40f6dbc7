package io.sealstream.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Saving a sealing stream's position and resuming it, as a restartable processor does. */
class StreamPositionTest {
  private static final int PAYLOAD = DareFormat.MAX_PAYLOAD_SIZE;

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void streamSealedInTwoSessions_isByteIdenticalToOneSession(CipherSuite suite) throws Exception {
    // Given 3.5 packages of plaintext and one key
    byte[] plaintext = new byte[3 * PAYLOAD + PAYLOAD / 2];
    new SplittableRandom(7).nextBytes(plaintext);
    DareKey key = DareKey.copyOf(new byte[32]);
    DareSealer first = DareSealer.create(key, suite);
    byte[] out = new byte[(int) DareFormat.encryptedSize(plaintext.length)];

    // When two packages are sealed, the position saved as bytes, and a new sealer resumes
    int n = first.seal(plaintext, 0, PAYLOAD, false, out, 0);
    n += first.seal(plaintext, PAYLOAD, PAYLOAD, false, out, n);
    byte[] saved = first.position().toBytes();
    DareSealer second = DareSealer.resume(key, StreamPosition.fromBytes(saved));
    n += second.seal(plaintext, 2 * PAYLOAD, PAYLOAD, false, out, n);
    n += second.seal(plaintext, 3 * PAYLOAD, PAYLOAD / 2, true, out, n);

    // Then the stream opens as one, and equals what a single sealer with that nonce makes
    assertThat(n).isEqualTo(out.length);
    byte[] nonce = Arrays.copyOfRange(out, 4, 16);
    nonce[0] &= 0x7f;
    byte[] reference = new byte[out.length];
    DareSealer one = DareSealer.insecureWithFixedNonce(key, suite, nonce, 0);
    int m = 0;
    for (int off = 0; off < plaintext.length; off += PAYLOAD) {
      int len = Math.min(PAYLOAD, plaintext.length - off);
      m += one.seal(plaintext, off, len, off + len == plaintext.length, reference, m);
    }
    assertThat(out).isEqualTo(reference);
    assertThat(new DareInputStream(new ByteArrayInputStream(out), key).readAllBytes())
        .isEqualTo(plaintext);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void position_serializesTo21BytesAndBack(CipherSuite suite) {
    DareSealer sealer =
        DareSealer.insecureWithFixedNonce(
            DareKey.copyOf(new byte[32]), suite, HexFormat.of().parseHex("8102030405060708090a0b0c"), 5);

    byte[] bytes = sealer.position().toBytes();

    assertThat(HexFormat.of().formatHex(bytes))
        .isEqualTo(String.format("%02x", suite.id()) + "0102030405060708090a0b0c" + "0000000000000005");
    assertThat(StreamPosition.fromBytes(bytes).nextSequence()).isEqualTo(5);
    assertThat(StreamPosition.fromBytes(bytes).suite()).isEqualTo(suite);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void finishedStream_hasNoPosition(CipherSuite suite) {
    DareSealer sealer = DareSealer.create(DareKey.copyOf(new byte[32]), suite);
    sealer.seal(new byte[1], 0, 1, true, new byte[33], 0);

    assertThatThrownBy(sealer::position).isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void malformedPosition_isRejected(CipherSuite suite) {
    byte[] bytes =
        DareSealer.create(DareKey.copyOf(new byte[32]), suite).position().toBytes();
    byte[] finalBitSet = bytes.clone();
    finalBitSet[1] |= (byte) 0x80;
    byte[] badSuite = bytes.clone();
    badSuite[0] = 7;

    assertThatThrownBy(() -> StreamPosition.fromBytes(Arrays.copyOf(bytes, 20)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StreamPosition.fromBytes(finalBitSet))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StreamPosition.fromBytes(badSuite))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
