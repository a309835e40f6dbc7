package io.sealstream.channel;

import java.security.SecureRandom;

/** The one source of nonces, IVs and key seeds. SecureRandom is thread-safe. */
final class Randomness {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Randomness() {}

  static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }
}
