package io.sealstream.load;

import java.util.SplittableRandom;

/**
 * Payloads made once per size, before anything is measured: random (so nothing downstream can
 * compress or deduplicate them) and written end to end, which also pre-touches their pages.
 */
public final class Payloads {
  private Payloads() {}

  public static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    SplittableRandom r = new SplittableRandom(seed);
    int i = 0;
    for (; i + 8 <= size; i += 8) {
      long v = r.nextLong();
      for (int k = 0; k < 8; k++) {
        b[i + k] = (byte) (v >>> (8 * k));
      }
    }
    for (; i < size; i++) {
      b[i] = (byte) r.nextInt();
    }
    return b;
  }
}
