package io.sealstream.keyservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeyAuthenticatorTest {
  private static final String KEY = "api-key-0123456789abcdef";
  private final ApiKeyAuthenticator authenticator = new ApiKeyAuthenticator(List.of(KEY));

  @Test
  void bearerWithAConfiguredKey_isTheKeysSha256Identity() {
    // expected: Python hashlib.sha256(b"api-key-0123456789abcdef").hexdigest()
    assertThat(authenticator.authenticate("Bearer " + KEY))
        .hasValue(new Identity("76bc0af0ace07bd216bda1820b9bb76fd29cde83312a8a91e481d9b1e1392704"));
    assertThat(authenticator.authenticate("bearer " + KEY)).isPresent();
    assertThat(Identity.ofApiKey(KEY).hex()).hasSize(64).doesNotContain(KEY);
  }

  @Test
  void missingMalformedOrUnknownCredentials_areRefused() {
    assertThat(authenticator.authenticate(null)).isEmpty();
    assertThat(authenticator.authenticate("")).isEmpty();
    assertThat(authenticator.authenticate("Bearer ")).isEmpty();
    assertThat(authenticator.authenticate("Basic " + KEY)).isEmpty();
    assertThat(authenticator.authenticate(KEY)).isEmpty();
    assertThat(authenticator.authenticate("Bearer " + KEY + "x")).isEmpty();
  }

  @Test
  void shortOrNonAsciiApiKeys_areRefusedAtConfiguration_withoutEchoingThem() {
    assertThatThrownBy(() -> new ApiKeyAuthenticator(List.of("short-key")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("API key must be at least 16 characters, was 9");
    assertThatThrownBy(() -> new ApiKeyAuthenticator(List.of("with space 0123456789")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("API key must be visible ASCII characters, character 4 is not");
    assertThatThrownBy(() -> new ApiKeyAuthenticator(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
