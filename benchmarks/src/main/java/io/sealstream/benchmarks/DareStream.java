package io.sealstream.benchmarks;

import io.sealstream.channel.CipherSuite;
import io.sealstream.channel.DareFormat;
import io.sealstream.channel.DareInputStream;
import io.sealstream.channel.DareKey;
import io.sealstream.channel.DareOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
 * A whole DARE 2.0 stream through the stream adapters, as the pipeline uses them. One op = one
 * stream of {@code size} plaintext bytes, including the per-stream set-up (new sealer or opener:
 * {@code Cipher.getInstance}, a random nonce, the adapters' 64 KiB buffers).
 *
 * <p>{@code seal}: {@code new DareOutputStream(sink, key, suite)}, the plaintext written in
 * {@code chunk}-byte writes (0 = one write of the whole stream), {@code close()}. The sink is a
 * preallocated array that only copies (no growth); {@code -p sink=discard} drops the bytes
 * instead. {@code open}: {@code new DareInputStream} over
 * an in-memory source of a stream sealed once in set-up, read to the end into a reused 64 KiB
 * buffer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class DareStream {
  @Param({"AES_256_GCM", "CHACHA20_POLY1305"})
  public CipherSuite suite;

  /** Plaintext bytes per stream: 1 MiB (16 packages) or 64 MiB (1024 packages). */
  @Param({"1048576", "67108864"})
  public int size;

  /** Bytes per {@code write} call when sealing; 0 writes the whole stream at once. */
  @Param({"0"})
  public int chunk;

  /**
   * Where {@code seal} writes: {@code array} copies into the preallocated sink (the default and
   * the reported figure); {@code discard} drops the bytes, to show what that copy costs.
   */
  @Param({"array"})
  public String sink;

  private DareKey key;
  private byte[] plain;
  private Fixtures.ArraySink arraySink;
  private OutputStream sealTarget;
  private Fixtures.ArraySource source;
  private final byte[] readBuffer = new byte[Fixtures.PAYLOAD];

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    key = DareKey.copyOf(Fixtures.key());
    plain = Fixtures.random(size, 42);
    int encrypted = Math.toIntExact(DareFormat.encryptedSize(size));
    arraySink = new Fixtures.ArraySink(encrypted);
    sealTarget = arraySink;
    seal(new Bytes());
    if (arraySink.size() != encrypted) {
      throw new IllegalStateException(
          "sealed " + arraySink.size() + " bytes, expected " + encrypted);
    }
    source = new Fixtures.ArraySource(arraySink.toByteArray(), encrypted);
    switch (sink) {
      case "array":
        break;
      case "discard":
        sealTarget = new Fixtures.DiscardSink();
        break;
      default:
        throw new IllegalArgumentException("sink must be array or discard: " + sink);
    }
    // self-check: the open path gets the plaintext back
    source.reset();
    try (DareInputStream in = new DareInputStream(source, key)) {
      byte[] back = in.readAllBytes();
      if (!Arrays.equals(back, plain)) {
        throw new IllegalStateException("DARE stream does not round-trip");
      }
    }
  }

  @Benchmark
  public int seal(Bytes bytes) throws IOException {
    arraySink.reset();
    try (DareOutputStream out = new DareOutputStream(sealTarget, key, suite)) {
      if (chunk <= 0) {
        out.write(plain, 0, size);
      } else {
        for (int off = 0; off < size; off += chunk) {
          out.write(plain, off, Math.min(chunk, size - off));
        }
      }
    }
    bytes.add(size);
    return arraySink.size();
  }

  @Benchmark
  public int open(Bytes bytes) throws IOException {
    source.reset();
    int total = 0;
    try (DareInputStream in = new DareInputStream(source, key)) {
      int n;
      while ((n = in.read(readBuffer, 0, readBuffer.length)) > 0) {
        total += n;
      }
    }
    bytes.add(size);
    return total;
  }
}
