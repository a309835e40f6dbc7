package io.sealstream.keyservice;

import static io.sealstream.keyservice.FileMasterKeyStoreTest.sequence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data-key ciphertexts: golden bytes of both formats, versions, and every way to refuse. */
class DataKeyCipherTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final KeyName NAME = KeyName.of("minio-default");
  private static final KeyContext CONTEXT =
      KeyContext.of(Map.of("object", "a/b.jpg", "bucket", "photos"));
  private static final byte[] NONCE = HEX.parseHex("c0c1c2c3c4c5c6c7c8c9cacb");

  @TempDir Path dir;
  private FileMasterKeyStore store;
  private DataKeyCipher cipher;

  @BeforeEach
  void open() {
    store = FileMasterKeyStore.open(dir, RootKey.of(sequence(0x00)));
    store.importKey(NAME, sequence(0xa0));
    cipher = new DataKeyCipher(store, new SecureRandom());
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void version2Ciphertext_layout_matchesTheGoldenBytes() {
    // Given: master version 1 = a0..bf, data key 80..9f, nonce c0..cb; expected bytes from
    // Python's cryptography AESGCM with AAD = lp("sealstream-kms-v2") ‖ lp("minio-default") ‖
    // lp(00000001) ‖ lp({"bucket":"photos","object":"a/b.jpg"}) built independently
    // When
    byte[] ciphertext = cipher.encrypt(NAME, 1, CONTEXT, sequence(0x80), NONCE);
    // Then
    assertThat(HEX.formatHex(DataKeyCipher.aadV2(NAME, 1, CONTEXT)))
        .isEqualTo(
            "00000011" + HEX.formatHex("sealstream-kms-v2".getBytes())
                + "0000000d" + HEX.formatHex("minio-default".getBytes())
                + "00000004" + "00000001"
                + "00000026" + HEX.formatHex("{\"bucket\":\"photos\",\"object\":\"a/b.jpg\"}".getBytes()));
    assertThat(HEX.formatHex(ciphertext))
        .isEqualTo(
            "02" // format version
                + "00000001" // master key version
                + "c0c1c2c3c4c5c6c7c8c9cacb" // nonce
                + "cce1b970ba45640266cf19477de99a2a605d9196d096f81eeec1ee2776e4917f" // data key
                + "a0a410e32635c0ee48fecead754d1d69"); // tag
    assertThat(ciphertext).hasSize(65);
    assertThat(cipher.decrypt(NAME, CONTEXT, ciphertext)).isEqualTo(sequence(0x80));
  }

  @Test
  void version1Ciphertext_ofTheFirstKeyService_stillDecrypts_underKeyVersion1() {
    // Given: the golden 61-byte ciphertext pinned before key versions existed
    byte[] legacy =
        HEX.parseHex(
            "01c0c1c2c3c4c5c6c7c8c9cacb"
                + "cce1b970ba45640266cf19477de99a2a605d9196d096f81eeec1ee2776e4917f"
                + "5c3ec1917fb0a7a6747323c098661e24");
    // When / Then
    assertThat(DataKeyCipher.keyVersionOf(legacy)).isEqualTo(1);
    assertThat(cipher.decrypt(NAME, CONTEXT, legacy)).isEqualTo(sequence(0x80));
    store.rotate(NAME);
    assertThat(cipher.decrypt(NAME, CONTEXT, legacy)).isEqualTo(sequence(0x80));
    byte[] tampered = legacy.clone();
    tampered[20] ^= 1;
    assertThatThrownBy(() -> cipher.decrypt(NAME, CONTEXT, tampered))
        .isInstanceOf(DataKeyNotAuthenticException.class);
  }

  @Test
  void afterRotation_newCiphertextsUseTheNewVersion_andOldOnesStillOpen() {
    // Given
    byte[] old = cipher.generate(NAME, 1, CONTEXT).ciphertext();
    store.rotate(NAME);
    // When
    DataKeyCipher.DataKeyPair fresh = cipher.generate(NAME, 2, CONTEXT);
    // Then
    assertThat(DataKeyCipher.keyVersionOf(fresh.ciphertext())).isEqualTo(2);
    assertThat(cipher.decrypt(NAME, CONTEXT, fresh.ciphertext())).isEqualTo(fresh.plaintext());
    assertThat(cipher.decrypt(NAME, CONTEXT, old)).hasSize(32);
    // a ciphertext relabelled to another version does not open
    byte[] relabelled = fresh.ciphertext().clone();
    relabelled[4] = 1;
    assertThatThrownBy(() -> cipher.decrypt(NAME, CONTEXT, relabelled))
        .isInstanceOf(DataKeyNotAuthenticException.class);
    relabelled[4] = 9;
    assertThatThrownBy(() -> cipher.decrypt(NAME, CONTEXT, relabelled))
        .isInstanceOf(DataKeyNotAuthenticException.class)
        .hasMessageContaining("no version 9");
  }

  @Test
  void generatedDataKeys_areFreshEachTime_andOpenWithTheSameNameAndContext() {
    // When
    DataKeyCipher.DataKeyPair first = cipher.generate(NAME, 1, CONTEXT);
    DataKeyCipher.DataKeyPair second = cipher.generate(NAME, 1, CONTEXT);
    // Then
    assertThat(first.plaintext()).hasSize(32).isNotEqualTo(second.plaintext());
    assertThat(Arrays.copyOfRange(first.ciphertext(), 5, 17))
        .isNotEqualTo(Arrays.copyOfRange(second.ciphertext(), 5, 17));
    assertThat(cipher.decrypt(NAME, CONTEXT, first.ciphertext())).isEqualTo(first.plaintext());
    assertThat(first.toString()).doesNotContain(HEX.formatHex(first.plaintext()).substring(0, 8));
  }

  @Test
  void decrypt_withAnyByteFlipped_isNotAuthentic() {
    // Given
    byte[] ciphertext = cipher.generate(NAME, 1, CONTEXT).ciphertext();
    for (int i = 0; i < ciphertext.length; i++) {
      byte[] tampered = ciphertext.clone();
      tampered[i] ^= (byte) 0x80;
      // When / Then
      assertThatThrownBy(() -> cipher.decrypt(NAME, CONTEXT, tampered))
          .as("byte %d flipped", i)
          .isInstanceOf(DataKeyNotAuthenticException.class)
          .hasMessageStartingWith("ciphertext is not authentic");
    }
  }

  @Test
  void decrypt_underAnotherNameContextOrMasterKey_isNotAuthentic() {
    // Given
    byte[] ciphertext = cipher.generate(NAME, 1, CONTEXT).ciphertext();
    KeyName other = KeyName.of("other");
    store.create(other);
    // When / Then
    assertThatThrownBy(() -> cipher.decrypt(other, CONTEXT, ciphertext))
        .isInstanceOf(DataKeyNotAuthenticException.class);
    assertThatThrownBy(
            () -> cipher.decrypt(NAME, KeyContext.of(Map.of("bucket", "photos")), ciphertext))
        .isInstanceOf(DataKeyNotAuthenticException.class);
    assertThatThrownBy(() -> cipher.decrypt(NAME, KeyContext.empty(), ciphertext))
        .isInstanceOf(DataKeyNotAuthenticException.class);
  }

  @Test
  void decrypt_truncatedOrOtherFormat_isNotAuthentic() {
    // Given
    byte[] ciphertext = cipher.generate(NAME, 1, CONTEXT).ciphertext();
    byte[] otherFormat = ciphertext.clone();
    otherFormat[0] = 0x03;
    // When / Then
    assertThatThrownBy(() -> cipher.decrypt(NAME, CONTEXT, Arrays.copyOf(ciphertext, 64)))
        .isInstanceOf(DataKeyNotAuthenticException.class);
    assertThatThrownBy(() -> cipher.decrypt(NAME, CONTEXT, Arrays.copyOf(ciphertext, 66)))
        .isInstanceOf(DataKeyNotAuthenticException.class);
    assertThatThrownBy(() -> cipher.decrypt(NAME, CONTEXT, Arrays.copyOf(ciphertext, 20)))
        .isInstanceOf(DataKeyNotAuthenticException.class)
        .hasMessageContaining("too short");
    assertThatThrownBy(() -> cipher.decrypt(NAME, CONTEXT, otherFormat))
        .isInstanceOf(DataKeyNotAuthenticException.class)
        .hasMessageContaining("unknown format version 3");
    assertThatThrownBy(() -> cipher.decrypt(NAME, CONTEXT, new byte[0]))
        .isInstanceOf(DataKeyNotAuthenticException.class);
  }

  @Test
  void encrypt_ofAnyPayloadUpTo64KiB_roundTrips() {
    for (int size : new int[] {0, 1, 100, DataKeyCipher.MAX_PLAINTEXT}) {
      byte[] plaintext = new byte[size];
      new SecureRandom().nextBytes(plaintext);
      byte[] ciphertext = cipher.encrypt(NAME, 1, CONTEXT, plaintext);
      assertThat(ciphertext).hasSize(17 + size + 16);
      assertThat(cipher.decrypt(NAME, CONTEXT, ciphertext)).isEqualTo(plaintext);
    }
    assertThatThrownBy(() -> cipher.encrypt(NAME, 1, CONTEXT, new byte[DataKeyCipher.MAX_PLAINTEXT + 1]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
