package io.sealstream.keyservice;

import static io.sealstream.keyservice.FileMasterKeyStoreTest.sequence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The 61-byte data-key ciphertext: golden bytes, and every way it must refuse to open. */
class DataKeyCipherTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final MasterKey MASTER = new MasterKey(sequence(0xa0));
  private static final KeyName NAME = KeyName.of("minio-default");
  private static final KeyContext CONTEXT =
      KeyContext.of(Map.of("object", "a/b.jpg", "bucket", "photos"));

  @Test
  void ciphertext_layout_matchesTheGoldenBytes() {
    // Given: master a0..bf, data key 80..9f, nonce c0..cb; expected bytes from Python's
    // cryptography AESGCM with AAD = lp("sealstream-kms-v1") ‖ lp("minio-default") ‖
    // lp({"bucket":"photos","object":"a/b.jpg"}) built independently
    byte[] nonce = HEX.parseHex("c0c1c2c3c4c5c6c7c8c9cacb");
    // When
    byte[] ciphertext = DataKeyCipher.wrap(MASTER, NAME, CONTEXT, sequence(0x80), nonce);
    // Then
    assertThat(HEX.formatHex(DataKeyCipher.aad(NAME, CONTEXT)))
        .isEqualTo(
            "00000011" + HEX.formatHex("sealstream-kms-v1".getBytes())
                + "0000000d" + HEX.formatHex("minio-default".getBytes())
                + "00000026" + HEX.formatHex("{\"bucket\":\"photos\",\"object\":\"a/b.jpg\"}".getBytes()));
    assertThat(HEX.formatHex(ciphertext))
        .isEqualTo(
            "01" // version
                + "c0c1c2c3c4c5c6c7c8c9cacb" // nonce
                + "cce1b970ba45640266cf19477de99a2a605d9196d096f81eeec1ee2776e4917f" // data key
                + "5c3ec1917fb0a7a6747323c098661e24"); // tag
    assertThat(ciphertext).hasSize(DataKeyCipher.CIPHERTEXT_SIZE).hasSize(61);
    assertThat(DataKeyCipher.unwrap(MASTER, NAME, CONTEXT, ciphertext)).isEqualTo(sequence(0x80));
  }

  @Test
  void generatedDataKeys_areFreshEachTime_andOpenWithTheSameNameAndContext() {
    // Given
    DataKeyCipher cipher = new DataKeyCipher(new SecureRandom());
    // When
    DataKeyCipher.DataKeyPair first = cipher.generate(MASTER, NAME, CONTEXT);
    DataKeyCipher.DataKeyPair second = cipher.generate(MASTER, NAME, CONTEXT);
    // Then
    assertThat(first.plaintext()).hasSize(32).isNotEqualTo(second.plaintext());
    assertThat(Arrays.copyOfRange(first.ciphertext(), 1, 13))
        .isNotEqualTo(Arrays.copyOfRange(second.ciphertext(), 1, 13));
    assertThat(DataKeyCipher.unwrap(MASTER, NAME, CONTEXT, first.ciphertext()))
        .isEqualTo(first.plaintext());
    assertThat(first.toString()).doesNotContain(HEX.formatHex(first.plaintext()).substring(0, 8));
  }

  @Test
  void unwrap_withAnyByteFlipped_isNotAuthentic() {
    // Given
    byte[] ciphertext = new DataKeyCipher(new SecureRandom()).generate(MASTER, NAME, CONTEXT).ciphertext();
    for (int i = 0; i < ciphertext.length; i++) {
      byte[] tampered = ciphertext.clone();
      tampered[i] ^= (byte) 0x80;
      // When / Then
      assertThatThrownBy(() -> DataKeyCipher.unwrap(MASTER, NAME, CONTEXT, tampered))
          .as("byte %d flipped", i)
          .isInstanceOf(DataKeyNotAuthenticException.class)
          .hasMessageStartingWith("ciphertext is not authentic");
    }
  }

  @Test
  void unwrap_underAnotherNameContextOrMasterKey_isNotAuthentic() {
    // Given
    byte[] ciphertext = new DataKeyCipher(new SecureRandom()).generate(MASTER, NAME, CONTEXT).ciphertext();
    // When / Then
    assertThatThrownBy(() -> DataKeyCipher.unwrap(MASTER, KeyName.of("other"), CONTEXT, ciphertext))
        .isInstanceOf(DataKeyNotAuthenticException.class);
    assertThatThrownBy(
            () ->
                DataKeyCipher.unwrap(
                    MASTER, NAME, KeyContext.of(Map.of("bucket", "photos")), ciphertext))
        .isInstanceOf(DataKeyNotAuthenticException.class);
    assertThatThrownBy(() -> DataKeyCipher.unwrap(MASTER, NAME, KeyContext.empty(), ciphertext))
        .isInstanceOf(DataKeyNotAuthenticException.class);
    assertThatThrownBy(
            () -> DataKeyCipher.unwrap(new MasterKey(sequence(0xa1)), NAME, CONTEXT, ciphertext))
        .isInstanceOf(DataKeyNotAuthenticException.class);
  }

  @Test
  void unwrap_truncatedExtendedOrOtherVersion_isNotAuthentic() {
    // Given
    byte[] ciphertext = new DataKeyCipher(new SecureRandom()).generate(MASTER, NAME, CONTEXT).ciphertext();
    byte[] otherVersion = ciphertext.clone();
    otherVersion[0] = 0x02;
    // When / Then
    assertThatThrownBy(
            () -> DataKeyCipher.unwrap(MASTER, NAME, CONTEXT, Arrays.copyOf(ciphertext, 60)))
        .isInstanceOf(DataKeyNotAuthenticException.class)
        .hasMessageContaining("60 bytes, expected 61");
    assertThatThrownBy(
            () -> DataKeyCipher.unwrap(MASTER, NAME, CONTEXT, Arrays.copyOf(ciphertext, 62)))
        .isInstanceOf(DataKeyNotAuthenticException.class);
    assertThatThrownBy(() -> DataKeyCipher.unwrap(MASTER, NAME, CONTEXT, otherVersion))
        .isInstanceOf(DataKeyNotAuthenticException.class)
        .hasMessageContaining("unknown version 2");
    assertThatThrownBy(() -> DataKeyCipher.unwrap(MASTER, NAME, CONTEXT, new byte[0]))
        .isInstanceOf(DataKeyNotAuthenticException.class);
  }
}
