package io.sealstream.benchmarks;

import static io.sealstream.benchmarks.Fixtures.HEADER;
import static io.sealstream.benchmarks.Fixtures.PACKAGE;
import static io.sealstream.benchmarks.Fixtures.PAYLOAD;
import static io.sealstream.benchmarks.Fixtures.TAG;

import io.sealstream.channel.DareFormat;
import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
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
 * The baseline: what DARE does per 64 KiB package, with raw {@code javax.crypto} and nothing else.
 * One reused {@link Cipher}; per package a fresh 12-byte nonce (base nonce XOR a counter, as DARE
 * XORs the sequence number), {@code init} with a new parameter spec, {@code updateAAD} of the 4
 * header bytes, and {@code doFinal(in, off, n, out, outOff + 16)} into a preallocated array.
 *
 * <p>Data flow matches the DARE benchmarks: {@code seal} reads the plaintext stream and writes the
 * packages into a stream-sized array in DARE layout (header, ciphertext, tag); {@code open} reads
 * that array and decrypts every package into one reused 64 KiB buffer (what a reader with a 64 KiB
 * buffer gets). One op = the whole stream of {@code size} bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public abstract class RawJdkAead {
  /** Plaintext bytes per stream: 1 MiB (16 packages) or 64 MiB (1024 packages). */
  @Param({"1048576", "67108864"})
  public int size;

  private Cipher cipher;
  private SecretKeySpec key;
  private byte[] plain;
  private byte[] out; // seal target, DARE layout
  private byte[] sealed; // open source, DARE layout, sealed once in setup
  private byte[] opened; // reused 64 KiB read buffer
  private final byte[] sealNonceBase = Fixtures.random(DareFormat.NONCE_SIZE, 1);
  private final byte[] openNonceBase = Fixtures.random(DareFormat.NONCE_SIZE, 2);
  private final byte[] nonce = new byte[DareFormat.NONCE_SIZE];
  private long counter;

  abstract String transformation();

  abstract String keyAlgorithm();

  abstract byte suiteId();

  abstract AlgorithmParameterSpec parameters(byte[] nonce);

  @Setup(Level.Trial)
  public void setUp() throws GeneralSecurityException {
    if (size % PAYLOAD != 0) {
      throw new IllegalArgumentException("size must be a multiple of 64 KiB: " + size);
    }
    cipher = Cipher.getInstance(transformation());
    key = new SecretKeySpec(Fixtures.key(), keyAlgorithm());
    plain = Fixtures.random(size, 42);
    int encrypted = Math.toIntExact(DareFormat.encryptedSize(size));
    out = new byte[encrypted];
    sealed = new byte[encrypted];
    opened = new byte[PAYLOAD];
    // the open fixture: every package sealed under openNonceBase ^ index
    for (int i = 0, off = 0; off < size; i++, off += PAYLOAD) {
      sealPackage(Cipher.ENCRYPT_MODE, openNonceBase, i, plain, off, sealed, i * PACKAGE);
    }
    // self-check: the open path gets the plaintext back
    open(new Bytes());
    int last = (size / PAYLOAD - 1) * PAYLOAD;
    if (!Arrays.equals(opened, 0, PAYLOAD, plain, last, last + PAYLOAD)) {
      throw new IllegalStateException("raw open does not round-trip");
    }
  }

  private void sealPackage(
      int mode, byte[] base, long index, byte[] in, int inOff, byte[] dst, int pkgOff)
      throws GeneralSecurityException {
    dst[pkgOff] = DareFormat.VERSION_20;
    dst[pkgOff + 1] = suiteId();
    dst[pkgOff + 2] = (byte) (PAYLOAD - 1);
    dst[pkgOff + 3] = (byte) ((PAYLOAD - 1) >>> 8);
    deriveNonce(base, index);
    cipher.init(mode, key, parameters(nonce));
    cipher.updateAAD(dst, pkgOff, 4);
    cipher.doFinal(in, inOff, PAYLOAD, dst, pkgOff + HEADER);
  }

  private void deriveNonce(byte[] base, long index) {
    System.arraycopy(base, 0, nonce, 0, nonce.length);
    nonce[4] ^= (byte) (index >>> 32);
    nonce[8] ^= (byte) index;
    nonce[9] ^= (byte) (index >>> 8);
    nonce[10] ^= (byte) (index >>> 16);
    nonce[11] ^= (byte) (index >>> 24);
  }

  /** Seals the stream, every package under a nonce never used before in this JVM. */
  @Benchmark
  public int seal(Bytes bytes) throws GeneralSecurityException {
    int pkgOff = 0;
    for (int off = 0; off < size; off += PAYLOAD, pkgOff += PACKAGE) {
      sealPackage(Cipher.ENCRYPT_MODE, sealNonceBase, counter++, plain, off, out, pkgOff);
    }
    bytes.add(size);
    return pkgOff;
  }

  /** Opens (verifies and decrypts) every package of the stream into the reused buffer. */
  @Benchmark
  public int open(Bytes bytes) throws GeneralSecurityException {
    int total = 0;
    int pkgOff = 0;
    for (int i = 0; total < size; i++, pkgOff += PACKAGE) {
      deriveNonce(openNonceBase, i);
      cipher.init(Cipher.DECRYPT_MODE, key, parameters(nonce));
      cipher.updateAAD(sealed, pkgOff, 4);
      total += cipher.doFinal(sealed, pkgOff + HEADER, PAYLOAD + TAG, opened, 0);
    }
    bytes.add(size);
    return total;
  }
}
