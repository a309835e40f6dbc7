package io.sealstream.benchmarks;

import static io.sealstream.benchmarks.Fixtures.PACKAGE;
import static io.sealstream.benchmarks.Fixtures.PAYLOAD;

import io.sealstream.channel.CipherSuite;
import io.sealstream.channel.DareFormat;
import io.sealstream.channel.DareKey;
import io.sealstream.channel.DareOpener;
import io.sealstream.channel.DareSealer;
import io.sealstream.channel.NotAuthenticException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DARE 2.0 without the stream adapters: {@link DareSealer#seal} and {@link DareOpener#open} called
 * once per 64 KiB package, with exactly the data flow of {@link RawJdkAead} (seal straight from
 * the plaintext into a stream-sized array; open into one reused 64 KiB buffer). The gap to the raw
 * baseline is DARE's per-package framing and checks; the gap to {@link DareStream} is the copying
 * done by the adapters. One op = one stream, including a new sealer or opener.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class DarePackages {
  @Param({"AES_256_GCM", "CHACHA20_POLY1305"})
  public CipherSuite suite;

  /** Plaintext bytes per stream: 1 MiB (16 packages) or 64 MiB (1024 packages). */
  @Param({"1048576", "67108864"})
  public int size;

  private DareKey key;
  private byte[] plain;
  private byte[] out;
  private byte[] sealed;
  private final byte[] opened = new byte[PAYLOAD];

  @Setup(Level.Trial)
  public void setUp() throws NotAuthenticException {
    if (size % PAYLOAD != 0) {
      throw new IllegalArgumentException("size must be a multiple of 64 KiB: " + size);
    }
    key = DareKey.copyOf(Fixtures.key());
    plain = Fixtures.random(size, 42);
    out = new byte[Math.toIntExact(DareFormat.encryptedSize(size))];
    seal(new Bytes());
    sealed = out.clone();
    // self-check: the open path gets the plaintext back
    open(new Bytes());
    int last = size - PAYLOAD;
    if (!Arrays.equals(opened, 0, PAYLOAD, plain, last, size)) {
      throw new IllegalStateException("DARE packages do not round-trip");
    }
  }

  @Benchmark
  public int seal(Bytes bytes) {
    DareSealer sealer = DareSealer.create(key, suite);
    int pkgOff = 0;
    for (int off = 0; off < size; off += PAYLOAD) {
      pkgOff += sealer.seal(plain, off, PAYLOAD, off + PAYLOAD == size, out, pkgOff);
    }
    bytes.add(size);
    return pkgOff;
  }

  @Benchmark
  public int open(Bytes bytes) throws NotAuthenticException {
    DareOpener opener = DareOpener.create(key);
    int total = 0;
    for (int pkgOff = 0; total < size; pkgOff += PACKAGE) {
      total += opener.open(sealed, pkgOff, PACKAGE, opened, 0);
    }
    if (!opener.isFinished()) {
      throw new IllegalStateException("stream did not end with its final package");
    }
    bytes.add(size);
    return total;
  }
}
