package io.sealstream.keyservice.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealstream.channel.ExternalKey;
import org.junit.jupiter.api.Test;

class DataKeyTest {
  private static final String HEX =
      "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf";

  @Test
  void dataKey_toString_showsNoMaterial() {
    // Given
    DataKey dataKey = new DataKey(ExternalKey.fromHex(HEX), new byte[61]);
    // When / Then
    assertThat(dataKey.toString())
        .isEqualTo("DataKey[key=ExternalKey[32 bytes, hidden], ciphertext=61 bytes]")
        .doesNotContain("a0a1");
  }

  @Test
  void dataKey_ciphertext_isACopyBothWays() {
    // Given
    byte[] ciphertext = {1, 2, 3};
    DataKey dataKey = new DataKey(ExternalKey.fromHex(HEX), ciphertext);
    // When
    ciphertext[0] = 9;
    dataKey.ciphertext()[1] = 9;
    // Then
    assertThat(dataKey.ciphertext()).containsExactly(1, 2, 3);
  }

  @Test
  void destroyedDataKey_destroysItsKey_keepsItsCiphertext() {
    DataKey dataKey = new DataKey(ExternalKey.fromHex(HEX), new byte[] {1});
    dataKey.destroy();
    assertThat(dataKey.isDestroyed()).isTrue();
    assertThat(dataKey.key().isDestroyed()).isTrue();
    assertThat(dataKey).hasToString("DataKey[key=ExternalKey[destroyed], ciphertext=1 bytes]");
    assertThat(dataKey.ciphertext()).containsExactly(1);
  }

  @Test
  void dataKey_withoutKeyOrCiphertext_isRejected() {
    assertThatThrownBy(() -> new DataKey(null, new byte[1]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DataKey(ExternalKey.fromHex(HEX), new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
