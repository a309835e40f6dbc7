package io.sealstream.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sealstream.channel.DareMutations.Mutation;
import io.sealstream.channel.DareMutations.SealedStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tamper suite for the secure channel: damaged DARE streams (every mutation of {@link
 * DareMutations}, both cipher suites, three stream shapes), damaged sealed values, and sealed
 * object keys that are altered, moved or opened in the wrong context. Every case must fail as
 * {@link NotAuthenticException} and release no plaintext of a package that did not verify.
 */
class DareTamperTest {
  private static final int PAYLOAD = DareFormat.MAX_PAYLOAD_SIZE;



  private static SealedStream seal(CipherSuite suite, DareKey key, byte[] plaintext) {
    return SealedStream.seal(suite, key, plaintext);
  }

  /** Reads until EOF or failure, collecting what the stream hands out. */
  private static void readToEnd(InputStream in, ByteArrayOutputStream released) throws IOException {
    byte[] buf = new byte[10_000]; // deliberately not aligned to packages
    for (int n; (n = in.read(buf)) != -1; ) {
      released.write(buf, 0, n);
    }
  }

  // ---------------------------------------------------------------- damaged streams

  static Stream<Arguments> streamMutations() {
    record Shape(String label, int size) {}
    List<Shape> shapes = List.of(
        new Shape("3 full packages + 1000 bytes", 3 * PAYLOAD + 1000),
        new Shape("exactly 3 full packages", 3 * PAYLOAD),
        new Shape("1 byte", 1));
    return Stream.of(CipherSuite.values()).flatMap(suite -> shapes.stream().flatMap(shape -> {
      DareKey key = Generated.randomKey();
      byte[] plaintext = Generated.bytes(shape.size());
      SealedStream stream = seal(suite, key, plaintext);
      SealedStream sibling = seal(suite, key, plaintext.clone());
      return DareMutations.of(stream, sibling, Generated.randomKey()).stream()
          .map(m -> Arguments.of(suite + ", " + shape.label() + ": " + m.name(), m));
    }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streamMutations")
  void tamperedStream_isRejectedAfterReleasingOnlyIntactPackages_andStaysFailed(
      String what, Mutation m) {
    // Given a damaged stream
    DareInputStream in = new DareInputStream(new ByteArrayInputStream(m.ciphertext()), m.key());
    ByteArrayOutputStream released = new ByteArrayOutputStream();

    // When it is read to the end
    Throwable failure = catchThrowable(() -> readToEnd(in, released));

    // Then it is not authentic, nothing of the failing package was handed out, and it stays failed
    assertThat(failure).as("%s: reading to EOF", what)
        .isInstanceOf(NotAuthenticException.class);
    assertThat(released.size()).as("%s: plaintext bytes released before the failure", what)
        .isEqualTo(m.releasableLength());
    assertThat(released.toByteArray()).as("%s: plaintext released before the failure", what)
        .isEqualTo(m.releasablePlaintext());
    assertThatThrownBy(in::read).as("%s: read() after the failure", what)
        .isInstanceOf(NotAuthenticException.class);
    assertThatThrownBy(() -> in.read(new byte[PAYLOAD]))
        .as("%s: read(byte[]) after the failure", what)
        .isInstanceOf(NotAuthenticException.class);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void undamagedStream_readsBackCompletely(CipherSuite suite) throws IOException {
    // Given the stream the suite damages, undamaged (the control: the suite's failures are real)
    byte[] plaintext = Generated.bytes(3 * PAYLOAD + 1000);
    SealedStream s = seal(suite, Generated.randomKey(), plaintext);
    ByteArrayOutputStream released = new ByteArrayOutputStream();

    // When it is read to the end
    readToEnd(new DareInputStream(new ByteArrayInputStream(s.ciphertext()), s.key()), released);

    // Then all of it comes back
    assertThat(released.toByteArray()).isEqualTo(plaintext);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void splicedFirstPackage_isRejectedAtTheSecondPackage(CipherSuite suite) {
    // Given two streams under the same key (key reuse: every object and part has its own key,
    // so this needs a caller error), and stream A with its package 0 replaced by B's
    DareKey key = Generated.randomKey();
    SealedStream a = seal(suite, key, Generated.bytes(2 * PAYLOAD + 10));
    SealedStream b = seal(suite, key, Generated.bytes(2 * PAYLOAD + 10));
    byte[] spliced = a.ciphertext().clone();
    System.arraycopy(b.ciphertext(), 0, spliced, 0, a.size(0));
    DareInputStream in = new DareInputStream(new ByteArrayInputStream(spliced), key);
    ByteArrayOutputStream released = new ByteArrayOutputStream();

    // When it is read
    Throwable failure = catchThrowable(() -> readToEnd(in, released));

    // Then B's package 0 is genuine at position 0 and is released, but A's package 1 does not
    // belong to B's stream: the mix is rejected there
    assertThat(failure).isInstanceOf(NotAuthenticException.class);
    assertThat(released.toByteArray()).isEqualTo(Arrays.copyOf(b.plaintext(), PAYLOAD));
  }

  /**
   * One package sealed directly with the JDK cipher, bypassing DareSealer's rules: a package a
   * buggy or hostile writer holding the key could produce. Its tag verifies.
   */
  private static byte[] rawPackage(DareKey key, CipherSuite suite, byte[] headerNonce, long seq,
      byte[] payload, boolean isFinal) throws Exception {
    byte[] pkg = new byte[payload.length + DareFormat.PACKAGE_OVERHEAD];
    pkg[0] = DareFormat.VERSION_20;
    pkg[1] = suite.id();
    pkg[2] = (byte) (payload.length - 1);
    pkg[3] = (byte) ((payload.length - 1) >>> 8);
    System.arraycopy(headerNonce, 0, pkg, 4, DareFormat.NONCE_SIZE);
    pkg[4] = (byte) (isFinal ? pkg[4] | 0x80 : pkg[4] & 0x7f);
    byte[] nonce = new byte[DareFormat.NONCE_SIZE];
    PackageNonce.derive(pkg, 4, seq, nonce);
    javax.crypto.Cipher cipher = suite.newCipher();
    cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, key.spec(suite), suite.parameters(nonce));
    cipher.updateAAD(pkg, 0, 4);
    cipher.doFinal(payload, 0, payload.length, pkg, DareFormat.HEADER_SIZE);
    return pkg;
  }

  static Stream<Arguments> inconsistentButAuthenticStreams() throws Exception {
    List<Arguments> cases = new ArrayList<>();
    for (CipherSuite suite : CipherSuite.values()) {
      CipherSuite other = suite == CipherSuite.AES_256_GCM
          ? CipherSuite.CHACHA20_POLY1305 : CipherSuite.AES_256_GCM;
      DareKey key = Generated.randomKey();
      byte[] nonce = Generated.bytes(DareFormat.NONCE_SIZE);
      byte[] otherNonce = Generated.bytes(DareFormat.NONCE_SIZE);
      byte[] p0 = Generated.bytes(PAYLOAD);
      byte[] p1 = Generated.bytes(100);
      byte[] pkg0 = rawPackage(key, suite, nonce, 0, p0, false);
      cases.add(Arguments.of(suite + ": package 1 carries another stream's nonce",
          DareMutations.concat(pkg0, rawPackage(key, suite, otherNonce, 1, p1, true)), key, p0));
      cases.add(Arguments.of(suite + ": package 1 is sealed with the other suite",
          DareMutations.concat(pkg0, rawPackage(key, other, nonce, 1, p1, true)), key, p0));
      cases.add(Arguments.of(suite + ": package 0 is short but not final",
          DareMutations.concat(rawPackage(key, suite, nonce, 0, p1, false),
              rawPackage(key, suite, nonce, 1, p1, true)), key, new byte[0]));
      cases.add(Arguments.of(suite + ": two final packages",
          DareMutations.concat(rawPackage(key, suite, nonce, 0, p0, true),
              rawPackage(key, suite, nonce, 1, p1, true)), key, new byte[0]));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inconsistentButAuthenticStreams")
  void inconsistentStream_whoseTagsAllVerify_isRejected(
      String what, byte[] ciphertext, DareKey key, byte[] releasable) {
    // Given a stream whose every package has a valid tag under the key, but that breaks a rule
    // of the format (written by a buggy or hostile holder of the key)
    DareInputStream in = new DareInputStream(new ByteArrayInputStream(ciphertext), key);
    ByteArrayOutputStream released = new ByteArrayOutputStream();

    // When it is read to the end
    Throwable failure = catchThrowable(() -> readToEnd(in, released));

    // Then the structural check rejects it, releasing only what precedes the broken rule
    assertThat(failure).as(what).isInstanceOf(NotAuthenticException.class);
    assertThat(released.toByteArray()).as(what).isEqualTo(releasable);
  }

  // ---------------------------------------------------------------- DareOpener directly

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void open_afterAFailedPackage_keepsFailingOnGenuinePackages(CipherSuite suite)
      throws NotAuthenticException {
    // Given an opener that opened package 0 and then failed on a damaged package 1
    SealedStream s = seal(suite, Generated.randomKey(), Generated.bytes(2 * PAYLOAD + 5));
    DareOpener opener = DareOpener.create(s.key());
    byte[] out = new byte[PAYLOAD];
    opener.open(s.ciphertext(), s.start(0), s.size(0), out, 0);
    byte[] damaged = s.packageBytes(1);
    damaged[100] ^= 1;
    assertThatThrownBy(() -> opener.open(damaged, 0, damaged.length, out, 0))
        .isInstanceOf(NotAuthenticException.class);

    // When the genuine package 1, and then package 2, are offered
    Throwable genuine1 =
        catchThrowable(() -> opener.open(s.ciphertext(), s.start(1), s.size(1), out, 0));
    Throwable genuine2 =
        catchThrowable(() -> opener.open(s.ciphertext(), s.start(2), s.size(2), out, 0));

    // Then both are refused, and the opener never reports the stream finished
    assertThat(genuine1).isInstanceOf(NotAuthenticException.class);
    assertThat(genuine2).isInstanceOf(NotAuthenticException.class);
    assertThat(opener.isFinished()).isFalse();
    assertThat(opener.nextSequence()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void open_afterAFailedFirstPackage_keepsFailing(CipherSuite suite) {
    // Given an opener whose first package was damaged
    SealedStream s = seal(suite, Generated.randomKey(), Generated.bytes(40));
    DareOpener opener = DareOpener.create(s.key());
    byte[] damaged = s.ciphertext().clone();
    damaged[damaged.length - 1] ^= (byte) 0x80;
    byte[] out = new byte[PAYLOAD];
    assertThatThrownBy(() -> opener.open(damaged, 0, damaged.length, out, 0))
        .isInstanceOf(NotAuthenticException.class);

    // When the genuine package is offered
    Throwable thrown =
        catchThrowable(() -> opener.open(s.ciphertext(), 0, s.ciphertext().length, out, 0));

    // Then it is refused and no plaintext was written
    assertThat(thrown).isInstanceOf(NotAuthenticException.class);
    assertThat(out).containsOnly(0);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void open_afterTheFinalPackage_isRejected(CipherSuite suite) throws NotAuthenticException {
    // Given an opener that opened a complete one-package stream
    SealedStream s = seal(suite, Generated.randomKey(), Generated.bytes(40));
    DareOpener opener = DareOpener.create(s.key());
    byte[] out = new byte[PAYLOAD];
    opener.open(s.ciphertext(), 0, s.ciphertext().length, out, 0);

    // When the same package is offered again
    Throwable thrown =
        catchThrowable(() -> opener.open(s.ciphertext(), 0, s.ciphertext().length, out, 0));

    // Then it is refused
    assertThat(thrown).isInstanceOf(NotAuthenticException.class);
  }

  static Stream<Arguments> sealedValueBitFlips() {
    return Stream.of(CipherSuite.values()).flatMap(suite -> {
      DareKey key = Generated.randomKey();
      byte[] sealed = DareSealer.sealValue(key, suite, Generated.bytes(16));
      return IntStream.range(0, sealed.length * 8).mapToObj(bit -> {
        byte[] flipped = sealed.clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        return Arguments.of(
            suite + ": flip bit " + bit % 8 + " of byte " + bit / 8, flipped, key);
      });
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sealedValueBitFlips")
  void openValue_withAnyBitFlipped_isRejected(String what, byte[] flipped, DareKey key) {
    // Given a sealed 16-byte value with one bit flipped

    // When it is opened
    Throwable thrown = catchThrowable(() -> DareOpener.openValue(key, flipped));

    // Then it is not authentic
    assertThat(thrown).as(what).isInstanceOf(NotAuthenticException.class);
  }

  static Stream<Arguments> sealedValueResizes() {
    List<Arguments> cases = new ArrayList<>();
    for (CipherSuite suite : CipherSuite.values()) {
      DareKey key = Generated.randomKey();
      byte[] sealed = DareSealer.sealValue(key, suite, Generated.bytes(16));
      for (int len : new int[] {0, 1, 16, 32, 33, sealed.length - 1}) {
        cases.add(Arguments.of(
            suite + ": truncated to " + len + " bytes", Arrays.copyOf(sealed, len), key));
      }
      cases.add(Arguments.of(
          suite + ": one zero byte appended", Arrays.copyOf(sealed, sealed.length + 1), key));
      cases.add(Arguments.of(suite + ": a second sealed value appended",
          DareMutations.concat(sealed, DareSealer.sealValue(key, suite, Generated.bytes(16))), key));
      cases.add(Arguments.of(
          suite + ": longer than one package", new byte[DareFormat.MAX_PACKAGE_SIZE + 1], key));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sealedValueResizes")
  void openValue_truncatedOrExtended_isRejected(String what, byte[] resized, DareKey key) {
    // Given a sealed value that was cut or extended

    // When it is opened
    Throwable thrown = catchThrowable(() -> DareOpener.openValue(key, resized));

    // Then it is not authentic
    assertThat(thrown).as(what).isInstanceOf(NotAuthenticException.class);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void openValue_underAnotherKey_isRejected(CipherSuite suite) {
    // Given a value sealed under one key
    byte[] sealed = DareSealer.sealValue(Generated.randomKey(), suite, Generated.bytes(16));

    // When it is opened under another
    Throwable thrown = catchThrowable(() -> DareOpener.openValue(Generated.randomKey(), sealed));

    // Then it is not authentic
    assertThat(thrown).isInstanceOf(NotAuthenticException.class);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void openValue_ofAGenuineNonFinalPackage_isRejected(CipherSuite suite) {
    // Given the first (full, non-final) package of a genuine stream
    DareKey key = Generated.randomKey();
    byte[] pkg = new byte[DareFormat.MAX_PACKAGE_SIZE];
    DareSealer.create(key, suite).seal(Generated.bytes(PAYLOAD), 0, PAYLOAD, false, pkg, 0);

    // When it is opened as a sealed value
    Throwable thrown = catchThrowable(() -> DareOpener.openValue(key, pkg));

    // Then it is refused: a sealed value is exactly one final package
    assertThat(thrown).isInstanceOf(NotAuthenticException.class);
  }

  // ---------------------------------------------------------------- sealed object keys

  private static final ObjectIdentity A = new ObjectIdentity("photos", "2024/a.jpg", "v-1");

  private static SealedObjectKey sealObjectKey(
      ObjectKey oek, ExternalKey ek, SealingMode mode, ObjectIdentity id, CipherSuite suite) {
    return oek.seal(ek, mode, id, Randomness.bytes(SealedObjectKey.IV_SIZE),
        Randomness.bytes(DareFormat.NONCE_SIZE), suite);
  }

  private static ExternalKey randomExternalKey() {
    return ExternalKey.copyOf(Generated.bytes(DareFormat.KEY_SIZE));
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void sealedObjectKey_inItsOwnContext_unsealsToTheSameKey(CipherSuite suite) throws Exception {
    // Given an object key sealed for SSE-S3 and object A (the control for the tests below)
    ExternalKey ek = randomExternalKey();
    ObjectKey oek = ObjectKey.generate(ek);
    SealedObjectKey sealed = sealObjectKey(oek, ek, SealingMode.SSE_S3, A, suite);
    byte[] data = DareSealer.sealValue(oek.dataKey(), suite, Generated.bytes(16));

    // When it is unsealed with the same key, mode and identity, via its serialized form
    ObjectKey unsealed = ObjectKey.unseal(ek, SealingMode.SSE_S3, A,
        SealedObjectKey.fromBytes(sealed.toBytes()));

    // Then it is the same key: it opens data sealed under the original
    assertThat(DareOpener.openValue(unsealed.dataKey(), data))
        .isEqualTo(DareOpener.openValue(oek.dataKey(), data));
  }

  @Test
  void sealedObjectKey_fromThePublicSeal_unsealsOnlyInItsContext() throws Exception {
    // Given an object key sealed through the public API (this machine's cipher suite)
    ExternalKey ek = randomExternalKey();
    SealedObjectKey sealed = ObjectKey.generate(ek).seal(ek, SealingMode.SSE_KMS, A);

    // When it is unsealed in its context and under another external key
    ObjectKey unsealed = ObjectKey.unseal(ek, SealingMode.SSE_KMS, A, sealed);
    Throwable wrongKey = catchThrowable(
        () -> ObjectKey.unseal(randomExternalKey(), SealingMode.SSE_KMS, A, sealed));

    // Then only the first opens
    assertThat(unsealed.isDestroyed()).isFalse();
    assertThat(wrongKey).isInstanceOf(NotAuthenticException.class);
  }

  @ParameterizedTest
  @EnumSource(CipherSuite.class)
  void sealedObjectKey_underAnotherExternalKey_isRejected(CipherSuite suite) {
    // Given an object key sealed under one external key
    ExternalKey ek = randomExternalKey();
    SealedObjectKey sealed =
        sealObjectKey(ObjectKey.generate(ek), ek, SealingMode.SSE_C, A, suite);

    // When it is unsealed under another
    Throwable thrown = catchThrowable(
        () -> ObjectKey.unseal(randomExternalKey(), SealingMode.SSE_C, A, sealed));

    // Then it is not authentic
    assertThat(thrown).isInstanceOf(NotAuthenticException.class);
  }

  static Stream<Arguments> otherModes() {
    List<Arguments> cases = new ArrayList<>();
    for (SealingMode sealedFor : SealingMode.values()) {
      for (SealingMode openedAs : SealingMode.values()) {
        if (sealedFor != openedAs) {
          cases.add(Arguments.of(sealedFor, openedAs));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "sealed for {0}, unsealed as {1}")
  @MethodSource("otherModes")
  void sealedObjectKey_unsealedForAnotherMode_isRejected(SealingMode sealedFor, SealingMode as) {
    // Given an object key sealed for one SSE mode
    ExternalKey ek = randomExternalKey();
    SealedObjectKey sealed = ObjectKey.generate(ek).seal(ek, sealedFor, A);

    // When it is unsealed as another mode
    Throwable thrown = catchThrowable(() -> ObjectKey.unseal(ek, as, A, sealed));

    // Then it is not authentic
    assertThat(thrown).as("sealed for %s, unsealed as %s", sealedFor, as)
        .isInstanceOf(NotAuthenticException.class);
  }

  static Stream<Arguments> otherIdentities() {
    return Stream.of(
        Arguments.of("another bucket",
            A, new ObjectIdentity("photos2", A.object(), A.version())),
        Arguments.of("another object (moved from A to B)",
            A, new ObjectIdentity(A.bucket(), "2024/b.jpg", A.version())),
        Arguments.of("another version (rollback)",
            A, new ObjectIdentity(A.bucket(), A.object(), "v-0")),
        Arguments.of("object name differing in case",
            A, new ObjectIdentity(A.bucket(), "2024/A.jpg", A.version())),
        Arguments.of("'a//b' opened as 'a/b'",
            new ObjectIdentity("b", "a//b", "v"), new ObjectIdentity("b", "a/b", "v")),
        Arguments.of("'a/b' opened as 'a//b'",
            new ObjectIdentity("b", "a/b", "v"), new ObjectIdentity("b", "a//b", "v")),
        Arguments.of("'a/b/' opened as 'a/b'",
            new ObjectIdentity("b", "a/b/", "v"), new ObjectIdentity("b", "a/b", "v")),
        Arguments.of("'./a' opened as 'a'",
            new ObjectIdentity("b", "./a", "v"), new ObjectIdentity("b", "a", "v")),
        Arguments.of("bucket/object boundary shifted ('ab'+'c' as 'a'+'bc')",
            new ObjectIdentity("ab", "c", "v"), new ObjectIdentity("a", "bc", "v")),
        Arguments.of("object/version boundary shifted ('ab'+'c' as 'a'+'bc')",
            new ObjectIdentity("b", "ab", "c"), new ObjectIdentity("b", "a", "bc")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("otherIdentities")
  void sealedObjectKey_unsealedForAnotherIdentity_isRejected(
      String what, ObjectIdentity sealedFor, ObjectIdentity openedAs) throws Exception {
    // Given an object key sealed for one object identity
    ExternalKey ek = randomExternalKey();
    SealedObjectKey sealed = ObjectKey.generate(ek).seal(ek, SealingMode.SSE_S3, sealedFor);

    // When it is unsealed for another identity
    Throwable thrown =
        catchThrowable(() -> ObjectKey.unseal(ek, SealingMode.SSE_S3, openedAs, sealed));

    // Then it is not authentic, while it still opens where it belongs
    assertThat(thrown).as(what).isInstanceOf(NotAuthenticException.class);
    assertThat(ObjectKey.unseal(ek, SealingMode.SSE_S3, sealedFor, sealed).isDestroyed())
        .isFalse();
  }

  static Stream<Arguments> sealedObjectKeyBitFlips() {
    return Stream.of(CipherSuite.values()).flatMap(suite -> {
      ExternalKey ek = randomExternalKey();
      byte[] bytes =
          sealObjectKey(ObjectKey.generate(ek), ek, SealingMode.SSE_S3, A, suite).toBytes();
      assertThat(bytes).hasSize(97);
      return IntStream.range(0, bytes.length * 8).mapToObj(bit -> {
        byte[] flipped = bytes.clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        return Arguments.of(
            suite + ": flip bit " + bit % 8 + " of byte " + bit / 8 + " (" + field(bit / 8) + ")",
            flipped, ek, bit / 8);
      });
    });
  }

  private static String field(int index) {
    if (index == 0) {
      return "algorithm id";
    }
    if (index <= SealedObjectKey.IV_SIZE) {
      return "IV";
    }
    int pkg = index - 1 - SealedObjectKey.IV_SIZE;
    return pkg < DareFormat.HEADER_SIZE ? "DARE header"
        : pkg < DareFormat.HEADER_SIZE + DareFormat.KEY_SIZE ? "sealed key body" : "DARE tag";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sealedObjectKeyBitFlips")
  void sealedObjectKey_withAnyBitFlipped_doesNotUnseal(
      String what, byte[] flipped, ExternalKey ek, int byteIndex) {
    // Given the 97-byte serialized form of a sealed object key with one bit flipped

    // When it is parsed and unsealed in its own context
    Throwable thrown = catchThrowable(() ->
        ObjectKey.unseal(ek, SealingMode.SSE_S3, A, SealedObjectKey.fromBytes(flipped)));

    // Then it never opens: a changed algorithm id may already fail to parse, anything else is
    // not authentic
    if (byteIndex == 0) {
      assertThat(thrown).as(what).isInstanceOfAny(
          NotAuthenticException.class, IllegalArgumentException.class);
    } else {
      assertThat(thrown).as(what).isInstanceOf(NotAuthenticException.class);
    }
  }

  @Test
  void sealedObjectKey_movedFromObjectAToObjectB_doesNotUnsealAsB() throws Exception {
    // Given objects A and B, each with its own key sealed under the same external key
    ExternalKey ek = randomExternalKey();
    ObjectIdentity b = new ObjectIdentity(A.bucket(), "2024/b.jpg", A.version());
    SealedObjectKey sealedForA = ObjectKey.generate(ek).seal(ek, SealingMode.SSE_S3, A);
    SealedObjectKey sealedForB = ObjectKey.generate(ek).seal(ek, SealingMode.SSE_S3, b);

    // When A's sealed key is copied over B's (in B's manifest)
    SealedObjectKey moved = SealedObjectKey.fromBytes(sealedForA.toBytes());
    Throwable thrown = catchThrowable(() -> ObjectKey.unseal(ek, SealingMode.SSE_S3, b, moved));

    // Then B refuses it, while B's own sealed key opens
    assertThat(thrown).isInstanceOf(NotAuthenticException.class);
    assertThat(ObjectKey.unseal(ek, SealingMode.SSE_S3, b, sealedForB).isDestroyed()).isFalse();
  }

  @Test
  void objectNamesWithDoubledSlashes_areNotInterchangeable() throws Exception {
    // Given keys sealed for "a//b" and for "a/b" in the same bucket and version
    ExternalKey ek = randomExternalKey();
    ObjectIdentity doubled = new ObjectIdentity("bucket", "a//b", "v");
    ObjectIdentity single = new ObjectIdentity("bucket", "a/b", "v");
    SealedObjectKey forDoubled = ObjectKey.generate(ek).seal(ek, SealingMode.SSE_C, doubled);
    SealedObjectKey forSingle = ObjectKey.generate(ek).seal(ek, SealingMode.SSE_C, single);

    // When each is unsealed as the other
    Throwable doubledAsSingle =
        catchThrowable(() -> ObjectKey.unseal(ek, SealingMode.SSE_C, single, forDoubled));
    Throwable singleAsDoubled =
        catchThrowable(() -> ObjectKey.unseal(ek, SealingMode.SSE_C, doubled, forSingle));

    // Then neither opens
    assertThat(doubledAsSingle).isInstanceOf(NotAuthenticException.class);
    assertThat(singleAsDoubled).isInstanceOf(NotAuthenticException.class);
  }
}
