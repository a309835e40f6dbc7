package io.sealstream.keyservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyNameTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "minio-default", "Bucket_Key.v2", "...", "-", "0"})
  void keyName_fromAllowedCharacters_isAccepted(String value) {
    // When
    KeyName name = new KeyName(value);
    // Then
    assertThat(name.value()).isEqualTo(value);
    assertThat(name).hasToString(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "..", "a/b", "a b", "ä", "a%2Fb", "a\nb", "a:b"})
  void keyName_withForbiddenCharacters_isRejectedWithoutEchoingIt(String value) {
    // When / Then
    assertThatThrownBy(() -> new KeyName(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1-128 characters from [A-Za-z0-9._-]")
        .hasMessageContaining("was " + value.length() + " characters");
  }

  @org.junit.jupiter.api.Test
  void keyName_of129Characters_isRejected_of128Accepted() {
    // Given
    String max = "k".repeat(128);
    // When / Then
    assertThat(new KeyName(max).value()).hasSize(128);
    assertThatThrownBy(() -> new KeyName(max + "k")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new KeyName(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("was null");
  }
}
