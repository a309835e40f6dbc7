package io.sealstream.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Key-hierarchy vectors: MinIO's part-key and OEK-generation vectors (reference/minio-sse.md
 * §2.11, §3.2), and golden vectors of our own sealing construction (docs/format.md §3), which
 * were computed independently from the spec with Python's hmac and cryptography packages.
 */
class KeyDerivationVectorsTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final ExternalKey EK =
      ExternalKey.fromHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  private static final byte[] ZERO32 = new byte[32];
  private static final byte[] IV = range(0x20, 32);
  private static final byte[] NONCE = range(0xa0, 12);

  private static byte[] range(int from, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (from + i);
    }
    return b;
  }

  private static final String HELD_BACK_KEY = "840f9e2618a28d6063884922b54aa0fd27b10f12b343da157e0e07fb80aeac9e";

  private static String hex(KeyMaterial k) {
    return HEX.formatHex(k.material());
  }

  @ParameterizedTest(name = "part {0}")
  @CsvSource({
    "0,     aa7855e13839dd767cd5da7c1ff5036540c9264b7a803029315e55375287b4af",
    "1,     a3e7181c6eed030fd52f79537c56c4d07da92e56d374ff1dd2043350785b37d8",
    "10000, f86e65c396ed52d204ee44bd1a0bbd86eb8b01b7354e67a3b3ae0e34dd5bd115"
  })
  void partKey_matchesMinioVector(int part, String expected) {
    ObjectKey oek = objectKeyOf(ZERO32);

    assertThat(hex(oek.partKey(part))).isEqualTo(expected);
  }

  @Test
  void objectKeyGeneration_matchesMinioVector() {
    ObjectKey oek = ObjectKey.derive(ExternalKey.copyOf(ZERO32), ZERO32);

    assertThat(hex(oek))
        .isEqualTo("7b039ac7cfbd8c26bb08ccbf37bbc4cc1234999ce6956a710f3761e0a0468dbe");
  }

  @Test
  void sealingAnObjectKeyWithAGivenKek_matchesMinioWorkedExample() {
    // reference/minio-sse.md §2.11: the DARE layer of the sealed key, KEK and nonce given
    DareKey kek =
        DareKey.fromHex("5d5f6c6a2b532c40b131a2be6d2fb4795d0b6964ece90ed0bf8c9ff78b34aeb3");
    byte[] oek = range(0, 32);
    byte[] out = new byte[64];

    DareSealer.insecureWithFixedNonce(kek, CipherSuite.AES_256_GCM, new byte[12], 0)
        .seal(oek, 0, 32, true, out, 0);

    assertThat(HEX.formatHex(out))
        .isEqualTo(
            "20001f00800000000000000000000000"
                + "9134a4a5a9000edacddf58efacd26e856f8ffd3d612b42f1668e47b9fda5f6eb"
                + "52312e717ce359518b29d7a92260e51f");
  }

  @Test
  void derivedKeys_matchOurGoldenVectors() {
    ObjectKey oek = ObjectKey.derive(EK, ZERO32);

    assertThat(hex(oek))
        .isEqualTo("f6086edd54ebe1b54d69fb0563efd38e49ed7b92d8a101d8d240707bea59071a");
    assertThat(hex(oek.partKey(1)))
        .isEqualTo("d690809627088de3217269bc2b4ef3f51290feccfc8a343c6c5a850f2f2f35c8");
    assertThat(hex(oek.etagKey()))
        .isEqualTo("99e9439d88bf032cec552572958a28112f0f4eadb228813fb15ea4c8b9c5c5c4");
    assertThat(hex(oek.checksumKey()))
        .isEqualTo("31e422f4c2b66bb51b78d93dc2d51a1d1b293b4353fa8d719548985f94fa5c29");
    assertThat(hex(oek.heldBackKey())).isEqualTo(HELD_BACK_KEY);
  }

  static Stream<Arguments> sealingVectors() {
    ObjectIdentity s3 =
        new ObjectIdentity("bucket", "photos/2026/a.jpg", "00000000-0000-4000-8000-000000000001");
    ObjectIdentity c = new ObjectIdentity("bucket", "a//b", "v2");
    ObjectIdentity kms = new ObjectIdentity("b\u00e4cket-x", "\u00fcber/\u00f8", "7");
    return Stream.of(
        Arguments.of(SealingMode.SSE_S3, s3,
            "a2c3cc00e9a571e6774ba66308603823d45197ac1bfbb91bd83ac221f1517a92",
            "20001f00a0a1a2a3a4a5a6a7a8a9aaab58a0f927fa5b657c7f5cdcd836b5dd0ff679ece788b554371e9e02ced50fb43b6b03cf51c37ecd205f42f1eff9154a98",
            "20011f00a0a1a2a3a4a5a6a7a8a9aaab6106eeaacf5bd04eb5f003e1bead854ddb6058517457443935fcfbbad6ddc492e265d388ceb63f055031648261185a69"),
        Arguments.of(SealingMode.SSE_C, c,
            "e35d2264180b7125508946bb1e9916d816f34d0661ec27d6ebc7e13c4e7e1799",
            "20001f00a0a1a2a3a4a5a6a7a8a9aaab8dcac451ecc31b775144d9be563c7c873987e0609440151639f572bdbab197f7b20a177ec3b60eefaa530e5b42d7b2a3",
            "20011f00a0a1a2a3a4a5a6a7a8a9aaab4c20041c561ecac4f57c5731401721f0674b23e847571219bee79334a2c3b3fcd989883bc785230ae487eef414050931"),
        Arguments.of(SealingMode.SSE_KMS, kms,
            "5d8bd2c1019fe02251069a4e61db810830a84eb9b3b5ef5b964bf4ce76d2e7bb",
            "20001f00a0a1a2a3a4a5a6a7a8a9aaab78f163071c73ba3fead16284a70faee6e51ea109b8c345d9c517aa3be5af4f8c92a63441ae1b97408ef54ac53b3ccdaa",
            "20011f00a0a1a2a3a4a5a6a7a8a9aaab23f0e28bddce6b29314c59bab61d3a9892e9921522124abbe7283015f334269d16badd407333d389a30f6ad79393dae7"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("sealingVectors")
  void sealingKeyAndSealedKey_matchOurGoldenVectors(
      SealingMode mode, ObjectIdentity id, String kek, String sealedAes, String sealedChacha)
      throws Exception {
    ObjectKey oek = ObjectKey.derive(EK, ZERO32);

    assertThat(hex(ObjectKey.sealingKey(EK, SealAlgorithm.SEALSTREAM_V1, IV, mode, id)))
        .isEqualTo(kek);
    SealedObjectKey aes = oek.seal(EK, mode, id, IV, NONCE, CipherSuite.AES_256_GCM);
    SealedObjectKey chacha = oek.seal(EK, mode, id, IV, NONCE, CipherSuite.CHACHA20_POLY1305);
    assertThat(HEX.formatHex(aes.sealedKey())).isEqualTo(sealedAes);
    assertThat(HEX.formatHex(chacha.sealedKey())).isEqualTo(sealedChacha);
    assertThat(HEX.formatHex(aes.toBytes()))
        .isEqualTo("01" + HEX.formatHex(IV) + sealedAes);
    // and both open back to the same object key
    assertThat(hex(ObjectKey.unseal(EK, mode, id, aes))).isEqualTo(hex(oek));
    assertThat(hex(ObjectKey.unseal(EK, mode, id, chacha))).isEqualTo(hex(oek));
  }

  private static ObjectKey objectKeyOf(byte[] material) {
    return ObjectKey.ofMaterial(material);
  }
}
