package io.sealstream.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Key holders keep their material inside: {@code toString} shows none of it in any common
 * encoding, and a destroyed key refuses every use with {@link IllegalStateException}.
 */
class KeyHoldersTest {
  private static final ObjectIdentity ID = new ObjectIdentity("bucket", "object", "v1");

  /** Hex (both cases), Base64 (standard, URL-safe, unpadded) of the bytes, and 4-byte hex runs. */
  private static List<String> encodingsOf(byte[] material) {
    List<String> encodings = new ArrayList<>();
    String hex = HexFormat.of().formatHex(material);
    encodings.add(hex);
    encodings.add(hex.toUpperCase(Locale.ROOT));
    encodings.add(Base64.getEncoder().encodeToString(material));
    encodings.add(Base64.getUrlEncoder().withoutPadding().encodeToString(material));
    encodings.add(Arrays.toString(material));
    for (int i = 0; i + 8 <= hex.length(); i += 2) {
      encodings.add(hex.substring(i, i + 8));
      encodings.add(hex.substring(i, i + 8).toUpperCase(Locale.ROOT));
    }
    return encodings;
  }

  private static void assertShowsNoneOf(Object holder, byte[] material) {
    String shown = holder.toString();
    assertThat(encodingsOf(material)).noneMatch(shown::contains);
  }

  private static byte[] recognisableKey() {
    // no byte repeats and no 0x00 run, so any leak of it is a match
    byte[] k = new byte[32];
    for (int i = 0; i < k.length; i++) {
      k[i] = (byte) (0xa0 + i * 3);
    }
    return k;
  }

  @Test
  void dareKey_toString_showsNoMaterial() {
    // Given a DARE key from known bytes, and one from hex
    byte[] material = recognisableKey();
    DareKey fromBytes = DareKey.copyOf(material);
    DareKey fromHex = DareKey.fromHex(HexFormat.of().formatHex(material));

    // Then neither shows any encoding of them
    assertShowsNoneOf(fromBytes, material);
    assertShowsNoneOf(fromHex, material);
    assertThat(fromBytes.toString()).isEqualTo("DareKey[32 bytes, hidden]");
  }

  @Test
  void externalKey_toString_showsNoMaterial() {
    // Given an external key from known bytes
    byte[] material = recognisableKey();
    ExternalKey ek = ExternalKey.fromHex(HexFormat.of().formatHex(material));

    // Then it shows no encoding of them
    assertShowsNoneOf(ek, material);
  }

  @Test
  void objectKey_andItsDerivedKeys_toString_showNoMaterial() {
    // Given an object key derived from known inputs, its material recomputed independently
    ExternalKey ek = ExternalKey.copyOf(recognisableKey());
    byte[] random = new byte[32];
    ObjectKey oek = ObjectKey.derive(ek, random);
    byte[] material = Hmac.sha256(recognisableKey(),
        Hmac.concat(ObjectKey.GENERATION_LABEL, random));
    assertThat(oek.material()).isEqualTo(material);

    // Then neither it nor the keys derived from it show their material
    assertShowsNoneOf(oek, material);
    for (DareKey derived : List.of(oek.dataKey(), oek.partKey(1), oek.etagKey(),
        oek.checksumKey())) {
      assertShowsNoneOf(derived, derived.material());
      assertShowsNoneOf(derived, material);
    }
  }

  @Test
  void sealedObjectKey_toString_showsNoBytes() {
    // Given a sealed object key
    ExternalKey ek = ExternalKey.copyOf(recognisableKey());
    ObjectKey oek = ObjectKey.derive(ek, new byte[32]);
    SealedObjectKey sealed = oek.seal(ek, SealingMode.SSE_C, ID);

    // Then it shows neither its serialized form, its IV, its sealed bytes nor the key inside
    assertShowsNoneOf(sealed, sealed.toBytes());
    assertShowsNoneOf(sealed, sealed.iv());
    assertShowsNoneOf(sealed, sealed.sealedKey());
    assertShowsNoneOf(sealed, oek.material());
  }

  @Test
  void malformedHexKey_messageDoesNotQuoteTheInput() {
    // Given a 64-character key with one non-hex character
    String almost = HexFormat.of().formatHex(recognisableKey()).substring(0, 63) + "z";

    // When it is parsed
    Throwable dare = catchThrowable(() -> DareKey.fromHex(almost));
    Throwable external = catchThrowable(() -> ExternalKey.fromHex(almost));

    // Then the error says what is wrong without repeating the key
    assertThat(dare).isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining(almost.substring(0, 8));
    assertThat(external).isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining(almost.substring(0, 8));
  }

  // ---------------------------------------------------------------- destroyed keys

  @Test
  void destroyedKey_saysSo_andShowsNoMaterial() {
    // Given a key
    DareKey key = DareKey.copyOf(recognisableKey());

    // When it is destroyed
    key.destroy();

    // Then it reports it, and its toString still shows nothing
    assertThat(key.isDestroyed()).isTrue();
    assertThat(key.toString()).isEqualTo("DareKey[destroyed]");
    assertShowsNoneOf(key, recognisableKey());
  }

  static Stream<Arguments> usesOfADestroyedDareKey() {
    byte[] sealed =
        DareSealer.sealValue(DareKey.copyOf(new byte[32]), CipherSuite.AES_256_GCM, new byte[4]);
    return Stream.of(
        dare("DareSealer.create", k -> DareSealer.create(k, CipherSuite.AES_256_GCM)),
        dare("DareSealer.sealValue",
            k -> DareSealer.sealValue(k, CipherSuite.CHACHA20_POLY1305, new byte[4])),
        dare("new DareOutputStream",
            k -> new DareOutputStream(new ByteArrayOutputStream(), k, CipherSuite.AES_256_GCM)),
        dare("DareOpener.open",
            k -> DareOpener.create(k).open(sealed, 0, sealed.length, new byte[4], 0)),
        dare("DareOpener.openValue", k -> DareOpener.openValue(k, sealed)),
        dare("DareInputStream.read",
            k -> new DareInputStream(new ByteArrayInputStream(sealed), k).read()));
  }

  private static Arguments dare(String what, ThrowingConsumer<DareKey> use) {
    return Arguments.of(what, use);
  }

  static Stream<Arguments> usesOfADestroyedExternalKey() {
    ExternalKey live = ExternalKey.copyOf(new byte[32]);
    SealedObjectKey sealed = ObjectKey.generate(live).seal(live, SealingMode.SSE_S3, ID);
    return Stream.of(
        use("ObjectKey.generate", ObjectKey::generate),
        use("ObjectKey.seal",
            (ExternalKey ek) -> ObjectKey.generate(live).seal(ek, SealingMode.SSE_S3, ID)),
        use("ObjectKey.unseal",
            (ExternalKey ek) -> ObjectKey.unseal(ek, SealingMode.SSE_S3, ID, sealed)));
  }

  static Stream<Arguments> usesOfADestroyedObjectKey() {
    ExternalKey ek = ExternalKey.copyOf(new byte[32]);
    return Stream.of(
        use("dataKey", ObjectKey::dataKey),
        use("partKey", (ObjectKey k) -> k.partKey(1)),
        use("etagKey", ObjectKey::etagKey),
        use("checksumKey", ObjectKey::checksumKey),
        use("heldBackKey", ObjectKey::heldBackKey),
        use("sealEtag", (ObjectKey k) -> k.sealEtag(new byte[16])),
        use("unsealEtag", (ObjectKey k) -> k.unsealEtag(new byte[48])),
        use("seal", (ObjectKey k) -> k.seal(ek, SealingMode.SSE_C, ID)));
  }

  private static <K> Arguments use(String what, ThrowingConsumer<K> use) {
    return Arguments.of(what, use);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("usesOfADestroyedDareKey")
  void destroyedDareKey_refusesUse(String what, ThrowingConsumer<DareKey> use) {
    // Given a destroyed DARE key
    DareKey key = DareKey.copyOf(recognisableKey());
    key.destroy();

    // When it is used
    Throwable thrown = catchThrowable(() -> use.accept(key));

    // Then the use is refused as misuse
    assertThat(thrown).as(what).isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("usesOfADestroyedExternalKey")
  void destroyedExternalKey_refusesUse(String what, ThrowingConsumer<ExternalKey> use) {
    // Given a destroyed external key
    ExternalKey ek = ExternalKey.copyOf(recognisableKey());
    ek.destroy();

    // When it is used
    Throwable thrown = catchThrowable(() -> use.accept(ek));

    // Then the use is refused as misuse
    assertThat(thrown).as(what).isInstanceOf(IllegalStateException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("usesOfADestroyedObjectKey")
  void destroyedObjectKey_refusesUse(String what, ThrowingConsumer<ObjectKey> use) {
    // Given a destroyed object key
    ObjectKey oek = ObjectKey.generate(ExternalKey.copyOf(recognisableKey()));
    oek.destroy();

    // When it is used
    Throwable thrown = catchThrowable(() -> use.accept(oek));

    // Then the use is refused as misuse
    assertThat(thrown).as(what).isInstanceOf(IllegalStateException.class);
  }

  @org.junit.jupiter.api.Test
  void keyDestroyedWhileStreamsAreOpen_stopsBothStreamsAtTheNextPackage() throws Exception {
    // Given a sealing and an opening stream that have each handled one package
    DareKey key = DareKey.copyOf(recognisableKey());
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    DareOutputStream out = new DareOutputStream(sink, key, CipherSuite.AES_256_GCM);
    out.write(new byte[3 * DareFormat.MAX_PAYLOAD_SIZE]);
    DareInputStream in =
        new DareInputStream(new ByteArrayInputStream(sink.toByteArray()), key);
    in.readNBytes(DareFormat.MAX_PAYLOAD_SIZE);

    // When the key is destroyed
    key.destroy();

    // Then neither stream seals or opens another package
    assertThatThrownBy(() -> out.write(new byte[DareFormat.MAX_PAYLOAD_SIZE]))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> in.readNBytes(DareFormat.MAX_PAYLOAD_SIZE))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void copyOfAnExternalKey_isDestroyedIndependently() throws Exception {
    // Given an external key and a copy of it
    ExternalKey original = ExternalKey.copyOf(recognisableKey());
    ExternalKey copy = original.copy();
    SealedObjectKey sealed = ObjectKey.generate(original).seal(original, SealingMode.SSE_C, ID);

    // When the copy is destroyed
    copy.destroy();

    // Then the original still opens what it sealed, and the copy refuses use
    assertThat(ObjectKey.unseal(original, SealingMode.SSE_C, ID, sealed)).isNotNull();
    assertThatThrownBy(() -> ObjectKey.unseal(copy, SealingMode.SSE_C, ID, sealed))
        .isInstanceOf(IllegalStateException.class);
  }
}
