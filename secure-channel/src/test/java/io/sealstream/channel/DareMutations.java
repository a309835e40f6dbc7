package io.sealstream.channel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * A reusable DARE 2.0 tamper suite: every named way we know to damage a sealed stream, each with
 * the plaintext a correct reader may hand out before it fails.
 *
 * <p>The rule for that plaintext: the packages in front of the first altered package, and never
 * the final package of a stream that was altered at or after it (its plaintext is held back until
 * the end of the input has been seen). A reader that releases more has released unauthenticated
 * or truncation-unsafe data; one that releases less is not streaming.
 *
 * <p>Mutated bytes are made on demand, so a suite of thousands of mutations of a large stream
 * holds one copy at a time.
 */
final class DareMutations {
  static final int PACKAGE = DareFormat.MAX_PACKAGE_SIZE;
  static final int PAYLOAD = DareFormat.MAX_PAYLOAD_SIZE;

  private DareMutations() {}

  /** One stream sealed by {@link DareOutputStream}, with what it was sealed from. */
  record SealedStream(CipherSuite suite, DareKey key, byte[] plaintext, byte[] ciphertext) {
    static SealedStream seal(CipherSuite suite, DareKey key, byte[] plaintext) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (DareOutputStream dare = new DareOutputStream(out, key, suite)) {
        dare.write(plaintext);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new SealedStream(suite, key, plaintext, out.toByteArray());
    }

    int packageCount() {
      return (int) DareFormat.packageCount(plaintext.length);
    }

    int start(int pkg) {
      return pkg * PACKAGE;
    }

    int end(int pkg) {
      return Math.min((pkg + 1) * PACKAGE, ciphertext.length);
    }

    int size(int pkg) {
      return end(pkg) - start(pkg);
    }

    byte[] packageBytes(int pkg) {
      return Arrays.copyOfRange(ciphertext, start(pkg), end(pkg));
    }

    /** The plaintext length of the first {@code packages} packages. */
    int plaintextLengthOf(int packages) {
      return (int) Math.min((long) packages * PAYLOAD, plaintext.length);
    }
  }

  /**
   * One damaged stream.
   *
   * @param name what was done to it, for display names
   * @param bytes makes the damaged ciphertext
   * @param key the key it is read with
   * @param plaintext the plaintext of the undamaged stream (shared, not copied)
   * @param releasableLength how much of it a correct reader hands out before it fails
   */
  record Mutation(
      String name, Supplier<byte[]> bytes, DareKey key, byte[] plaintext, int releasableLength) {
    byte[] ciphertext() {
      return bytes.get();
    }

    byte[] releasablePlaintext() {
      return Arrays.copyOf(plaintext, releasableLength);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * Every mutation of {@code s}. {@code sibling} must be another stream sealed under the same key
   * from a plaintext of the same length (its packages are used for splicing and appending);
   * {@code wrongKey} any other key.
   */
  static List<Mutation> of(SealedStream s, SealedStream sibling, DareKey wrongKey) {
    if (sibling.ciphertext().length != s.ciphertext().length) {
      throw new IllegalArgumentException("the sibling stream must have the same length");
    }
    Builder b = new Builder(s);
    int n = s.packageCount();
    int last = n - 1;
    byte[] ct = s.ciphertext();

    // Truncation: at every package boundary, and at several offsets inside every package.
    for (int k = 0; k < n; k++) {
      int at = s.start(k);
      b.add("truncate at the start of package " + k, k, () -> Arrays.copyOf(ct, at));
      int len = s.size(k) - DareFormat.PACKAGE_OVERHEAD;
      TreeSet<Integer> cuts = new TreeSet<>(List.of(1, 4, 15, 16, 16 + len / 2, 16 + len,
          16 + len + 8, s.size(k) - 1));
      for (int cut : cuts) {
        if (cut > 0 && cut < s.size(k)) {
          b.add("truncate package " + k + " to " + cut + " bytes (" + region(cut, len) + ")", k,
              () -> Arrays.copyOf(ct, at + cut));
        }
      }
    }

    // Extension after the final package: the final package itself is then no longer releasable.
    b.add("append one zero byte after the final package", last, () -> concat(ct, new byte[1]));
    b.add("append package 0 of another stream under the same key", last,
        () -> concat(ct, sibling.packageBytes(0)));
    b.add("append the final package of another stream under the same key", last,
        () -> concat(ct, sibling.packageBytes(last)));
    b.add("append a copy of the final package", last, () -> concat(ct, s.packageBytes(last)));

    // Drop, duplicate, reorder.
    for (int k = 0; k < n; k++) {
      int pkg = k;
      b.add("drop package " + k, k, () -> concat(
          Arrays.copyOfRange(ct, 0, s.start(pkg)), Arrays.copyOfRange(ct, s.end(pkg), ct.length)));
      b.add("duplicate package " + k, Math.min(k + 1, last), () -> concat(
          Arrays.copyOfRange(ct, 0, s.end(pkg)), Arrays.copyOfRange(ct, s.start(pkg), ct.length)));
    }
    for (int k = 0; k + 1 < n; k++) {
      b.add("swap packages " + k + " and " + (k + 1), k, swap(s, k, k + 1));
    }
    if (n > 2) {
      b.add("swap packages 0 and " + last, 0, swap(s, 0, last));
    }

    // Bit flips: every bit of every header byte, and bits of the body and the tag.
    for (int k = 0; k < n; k++) {
      for (int i = 0; i < DareFormat.HEADER_SIZE; i++) {
        for (int bit = 0; bit < 8; bit++) {
          b.add("flip bit " + bit + " of header byte " + i + " of package " + k, k,
              flip(ct, s.start(k) + i, bit));
        }
      }
      int bodyStart = s.start(k) + DareFormat.HEADER_SIZE;
      int tagStart = s.end(k) - DareFormat.TAG_SIZE;
      int bodyLen = tagStart - bodyStart;
      b.add("flip bit 0 of the first body byte of package " + k, k, flip(ct, bodyStart, 0));
      b.add("flip bit 3 of the middle body byte of package " + k, k,
          flip(ct, bodyStart + bodyLen / 2, 3));
      b.add("flip bit 7 of the last body byte of package " + k, k, flip(ct, tagStart - 1, 7));
      b.add("flip bit 0 of the first tag byte of package " + k, k, flip(ct, tagStart, 0));
      b.add("flip bit 7 of the last tag byte of package " + k, k, flip(ct, s.end(k) - 1, 7));
    }

    // The final flag (bit 7 of header byte 4).
    b.add("clear the final flag on the last package (" + last + ")", last,
        set(ct, s.start(last) + 4, (byte) (ct[s.start(last) + 4] & 0x7f)));
    for (int k = 0; k < last; k++) {
      b.add("set the final flag on package " + k, k,
          set(ct, s.start(k) + 4, (byte) (ct[s.start(k) + 4] | 0x80)));
    }

    // The cipher and version bytes.
    byte other = s.suite() == CipherSuite.AES_256_GCM
        ? CipherSuite.CHACHA20_POLY1305.id() : CipherSuite.AES_256_GCM.id();
    for (int k = 0; k < n; k++) {
      b.add("cipher byte of package " + k + " set to the other suite", k,
          set(ct, s.start(k) + 1, other));
      b.add("cipher byte of package " + k + " set to unknown 0x02", k,
          set(ct, s.start(k) + 1, (byte) 0x02));
      b.add("cipher byte of package " + k + " set to unknown 0xff", k,
          set(ct, s.start(k) + 1, (byte) 0xff));
      b.add("version byte of package " + k + " set to DARE 1.0 (0x10)", k,
          set(ct, s.start(k), (byte) 0x10));
    }

    // Splicing from another stream under the same key. Position 0 is left out on purpose: a
    // spliced package 0 is a genuine package 0 of the other stream, so the reader releases it and
    // fails at package 1 (see DareTamperTest#splicedFirstPackage_isRejectedAtTheSecondPackage).
    for (int k = 1; k < n; k++) {
      int pkg = k;
      b.add("replace package " + k + " by package " + k + " of another stream under the same key",
          k, () -> {
            byte[] out = ct.clone();
            System.arraycopy(sibling.ciphertext(), s.start(pkg), out, s.start(pkg), s.size(pkg));
            return out;
          });
    }

    b.mutations.add(new Mutation("read with a wrong key", ct::clone, wrongKey, s.plaintext(), 0));
    return b.mutations;
  }

  private static String region(int offsetInPackage, int payload) {
    if (offsetInPackage < DareFormat.HEADER_SIZE) {
      return "inside the header";
    }
    return offsetInPackage < DareFormat.HEADER_SIZE + payload
        ? "inside the body" : "inside the tag";
  }

  private static Supplier<byte[]> swap(SealedStream s, int i, int j) {
    return () -> {
      List<byte[]> packages = new ArrayList<>();
      for (int k = 0; k < s.packageCount(); k++) {
        packages.add(s.packageBytes(k));
      }
      packages.set(i, s.packageBytes(j));
      packages.set(j, s.packageBytes(i));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      packages.forEach(out::writeBytes);
      return out.toByteArray();
    };
  }

  private static Supplier<byte[]> flip(byte[] ct, int index, int bit) {
    return () -> {
      byte[] out = ct.clone();
      out[index] ^= (byte) (1 << bit);
      return out;
    };
  }

  private static Supplier<byte[]> set(byte[] ct, int index, byte value) {
    return () -> {
      byte[] out = ct.clone();
      out[index] = value;
      return out;
    };
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static final class Builder {
    final SealedStream s;
    final List<Mutation> mutations = new ArrayList<>();

    Builder(SealedStream s) {
      this.s = s;
    }

    void add(String name, int intactPackages, Supplier<byte[]> bytes) {
      mutations.add(
          new Mutation(name, bytes, s.key(), s.plaintext(), s.plaintextLengthOf(intactPackages)));
    }
  }
}
