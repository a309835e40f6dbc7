package io.sealstream.channel;

import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Generated cases for property tests: {@code tries} cases drawn from a seeded random source. The
 * seed is {@code -Dsealstream.test.seed=N} when given, else new on every run; every case's
 * display name carries the seed it came from, so any failure replays with that property.
 */
final class Generated {
  static final long RUN_SEED = Long.getLong("sealstream.test.seed", System.nanoTime());

  private Generated() {}

  /** {@code tries} cases; each is the generator's arguments followed by the case's seed. */
  static Stream<Arguments> cases(int tries, Function<SplittableRandom, Object[]> generator) {
    SplittableRandom seeds = new SplittableRandom(RUN_SEED);
    return Stream.generate(seeds::nextLong)
        .limit(tries)
        .map(
            seed -> {
              Object[] drawn = generator.apply(new SplittableRandom(seed));
              Object[] withSeed = java.util.Arrays.copyOf(drawn, drawn.length + 1);
              withSeed[drawn.length] = seed;
              return Arguments.of(withSeed);
            });
  }

  /** A long in [min, max], both inclusive. */
  static long between(SplittableRandom r, long min, long max) {
    return max == Long.MAX_VALUE ? r.nextLong(min, max) : r.nextLong(min, max + 1);
  }

  /** One of the given generators, chosen uniformly. */
  @SafeVarargs
  static <T> T oneOf(SplittableRandom r, Function<SplittableRandom, T>... generators) {
    return generators[r.nextInt(generators.length)].apply(r);
  }

  private static final SplittableRandom BYTES = new SplittableRandom();

  /** {@code n} random bytes (not for keys' secrecy: test data). */
  static byte[] bytes(int n) {
    byte[] b = new byte[n];
    synchronized (BYTES) {
      BYTES.nextBytes(b);
    }
    return b;
  }

  /** A fresh random DARE key. */
  static DareKey randomKey() {
    return DareKey.copyOf(Randomness.bytes(DareFormat.KEY_SIZE));
  }
}
