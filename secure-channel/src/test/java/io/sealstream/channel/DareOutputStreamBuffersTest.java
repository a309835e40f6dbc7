package io.sealstream.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DareOutputStream} allocates its buffers when first needed and no larger than needed: no
 * whole-package arrays for a small stream, and for a larger one a package of plaintext (the last
 * package is always held back, which its contract needs) and one sealed package.
 */
class DareOutputStreamBuffersTest {
  private static final int PAYLOAD = DareFormat.MAX_PAYLOAD_SIZE;
  private static final int PACKAGE = DareFormat.MAX_PACKAGE_SIZE;

  private static byte[] buffer(DareOutputStream out, String name)
      throws ReflectiveOperationException {
    Field f = DareOutputStream.class.getDeclaredField(name);
    f.setAccessible(true);
    return (byte[]) f.get(out);
  }

  private static int lengthOf(byte[] b) {
    return b == null ? 0 : b.length;
  }

  static Stream<Arguments> sizesAndChunks() {
    return Stream.of(
        // size, bytes per write (0: one write), expected plain and sealed array lengths
        Arguments.of(0, 0, 0, 0),
        Arguments.of(10, 0, 10, 10 + DareFormat.PACKAGE_OVERHEAD),
        Arguments.of(5000, 1000, PAYLOAD, 5000 + DareFormat.PACKAGE_OVERHEAD),
        Arguments.of(PAYLOAD, 0, PAYLOAD, PACKAGE),
        Arguments.of(3 * PAYLOAD, 0, PAYLOAD, PACKAGE),
        Arguments.of(3 * PAYLOAD + 7, 0, 7, PACKAGE), // whole packages sealed from the caller
        Arguments.of(2 * PAYLOAD + 7, 8192, PAYLOAD, PACKAGE),
        Arguments.of(PAYLOAD + 1, 1, PAYLOAD, PACKAGE));
  }

  @ParameterizedTest(name = "{0} bytes in writes of {1}")
  @MethodSource("sizesAndChunks")
  void buffers_areAsLargeAsTheStreamNeeds_andTheStreamRoundTrips(
      int size, int chunk, int plainLength, int sealedLength) throws Exception {
    // Given a plaintext of that size
    byte[] plaintext = new byte[size];
    new SplittableRandom(size).nextBytes(plaintext);
    DareKey key = DareKey.copyOf(Randomness.bytes(DareFormat.KEY_SIZE));
    ByteArrayOutputStream sink = new ByteArrayOutputStream();

    // When it is sealed in writes of that many bytes
    DareOutputStream out = new DareOutputStream(sink, key, CipherSuite.AES_256_GCM);
    if (chunk == 0) {
      out.write(plaintext);
    } else {
      for (int off = 0; off < size; off += chunk) {
        int n = Math.min(chunk, size - off);
        if (n == 1) {
          out.write(plaintext[off]);
        } else {
          out.write(plaintext, off, n);
        }
      }
    }
    out.close();

    // Then the stream's arrays are no larger than it needed, and the plaintext comes back
    assertThat(lengthOf(buffer(out, "plain"))).as("held-back plaintext").isEqualTo(plainLength);
    assertThat(lengthOf(buffer(out, "sealed"))).as("sealed package").isEqualTo(sealedLength);
    assertThat(sink.size()).isEqualTo((int) DareFormat.encryptedSize(size));
    assertThat(opened(sink.toByteArray(), key)).isEqualTo(plaintext);
  }

  private static byte[] opened(byte[] ciphertext, DareKey key) throws IOException {
    if (ciphertext.length == 0) {
      return new byte[0]; // an empty ciphertext is refused by design: the object is empty
    }
    try (DareInputStream in = new DareInputStream(new ByteArrayInputStream(ciphertext), key)) {
      return in.readAllBytes();
    }
  }
}
