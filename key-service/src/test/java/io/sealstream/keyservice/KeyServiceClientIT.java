package io.sealstream.keyservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealstream.channel.ExternalKey;
import io.sealstream.channel.NotAuthenticException;
import io.sealstream.channel.ObjectIdentity;
import io.sealstream.channel.ObjectKey;
import io.sealstream.channel.SealedObjectKey;
import io.sealstream.channel.SealingMode;
import io.sealstream.keyservice.client.CiphertextNotAuthenticException;
import io.sealstream.keyservice.client.DataKey;
import io.sealstream.keyservice.client.HttpKeyServiceClient;
import io.sealstream.keyservice.client.KeyAlreadyExistsException;
import io.sealstream.keyservice.client.KeyNotFoundException;
import io.sealstream.keyservice.client.KeyServiceException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real client against the real server: generate → decrypt and every refusal. */
class KeyServiceClientIT {
  private static final Map<String, String> CONTEXT = Map.of("bucket", "photos");
  private static final ObjectIdentity OBJECT = new ObjectIdentity("photos", "a.jpg", "v1");

  @TempDir static Path dir;
  static RunningKeyService service;
  static HttpKeyServiceClient client;

  @BeforeAll
  static void start() throws Exception {
    service = RunningKeyService.start(dir);
    client = service.client();
    join(client.create("photos-key"));
    join(client.create("other-key"));
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  /** The failure of {@code stage}, unwrapped from the CompletionException join throws. */
  static Throwable failureOf(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().join();
    } catch (CompletionException e) {
      return e.getCause();
    }
    throw new AssertionError("stage completed normally");
  }

  /** Two external keys are the same key if an object key sealed under one opens under the other. */
  static void assertSameKey(ExternalKey sealing, ExternalKey opening) throws NotAuthenticException {
    ObjectKey oek = ObjectKey.generate(sealing);
    SealedObjectKey sealed = oek.seal(sealing, SealingMode.SSE_KMS, OBJECT);
    ObjectKey.unseal(opening, SealingMode.SSE_KMS, OBJECT, sealed).destroy();
    oek.destroy();
  }

  @Test
  void generate_thenDecryptWithTheSameNameAndContext_returnsTheSameKey() throws Exception {
    // Given
    DataKey dataKey = join(client.generate("photos-key", CONTEXT));
    // When
    ExternalKey decrypted = join(client.decrypt("photos-key", dataKey.ciphertext(), CONTEXT));
    // Then
    assertThat(dataKey.ciphertext()).hasSize(65);
    assertSameKey(dataKey.key(), decrypted);
    assertThat(dataKey.toString()).isEqualTo("DataKey[key=ExternalKey[32 bytes, hidden], ciphertext=65 bytes]");
    dataKey.destroy();
    assertThat(dataKey.isDestroyed()).isTrue();
  }

  @Test
  void generate_twice_givesDifferentKeys() {
    // When
    DataKey first = join(client.generate("photos-key", CONTEXT));
    DataKey second = join(client.generate("photos-key", CONTEXT));
    // Then
    assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
    assertThatThrownBy(() -> assertSameKey(first.key(), second.key()))
        .isInstanceOf(NotAuthenticException.class);
  }

  @Test
  void generate_withEmptyContext_decryptsOnlyWithEmptyContext() throws Exception {
    // Given
    DataKey dataKey = join(client.generate("photos-key", Map.of()));
    // When / Then
    assertSameKey(dataKey.key(), join(client.decrypt("photos-key", dataKey.ciphertext(), Map.of())));
    assertThat(failureOf(client.decrypt("photos-key", dataKey.ciphertext(), CONTEXT)))
        .isInstanceOf(CiphertextNotAuthenticException.class);
  }

  @Test
  void decrypt_withADifferentContext_failsNotAuthentic() {
    // Given
    byte[] ciphertext = join(client.generate("photos-key", CONTEXT)).ciphertext();
    // When
    Throwable failure =
        failureOf(client.decrypt("photos-key", ciphertext, Map.of("bucket", "videos")));
    // Then
    assertThat(failure)
        .isInstanceOf(CiphertextNotAuthenticException.class)
        .hasMessage("decryption failed: ciphertext is not authentic");
    assertThat(((KeyServiceException) failure).isRetryable()).isFalse();
    assertThat(((KeyServiceException) failure).code()).isEqualTo("CiphertextNotAuthentic");
  }

  @Test
  void decrypt_withAnExtraContextEntry_failsNotAuthentic() {
    byte[] ciphertext = join(client.generate("photos-key", CONTEXT)).ciphertext();
    assertThat(
            failureOf(
                client.decrypt("photos-key", ciphertext, Map.of("bucket", "photos", "x", "y"))))
        .isInstanceOf(CiphertextNotAuthenticException.class);
  }

  @Test
  void decrypt_underADifferentKeyName_failsNotAuthentic() {
    // Given
    byte[] ciphertext = join(client.generate("photos-key", CONTEXT)).ciphertext();
    // When / Then
    assertThat(failureOf(client.decrypt("other-key", ciphertext, CONTEXT)))
        .isInstanceOf(CiphertextNotAuthenticException.class);
  }

  @Test
  void decrypt_withAnyBitFlipped_failsNotAuthentic() {
    // Given
    byte[] ciphertext = join(client.generate("photos-key", CONTEXT)).ciphertext();
    for (int bit : new int[] {0, 7, 8 * 5 + 3, 8 * 30, 8 * 60 + 7}) {
      byte[] tampered = ciphertext.clone();
      tampered[bit / 8] ^= (byte) (1 << (bit % 8));
      // When / Then
      assertThat(failureOf(client.decrypt("photos-key", tampered, CONTEXT)))
          .as("bit %d flipped", bit)
          .isInstanceOf(CiphertextNotAuthenticException.class);
    }
  }

  @Test
  void generateOrDecrypt_underAnUnknownKey_failsKeyNotFound() {
    // Given
    byte[] ciphertext = join(client.generate("photos-key", CONTEXT)).ciphertext();
    // When / Then
    Throwable generate = failureOf(client.generate("no-such-key", CONTEXT));
    assertThat(generate).isInstanceOf(KeyNotFoundException.class);
    assertThat(((KeyServiceException) generate).status()).isEqualTo(404);
    assertThat(((KeyServiceException) generate).isRetryable()).isFalse();
    assertThat(failureOf(client.decrypt("no-such-key", ciphertext, CONTEXT)))
        .isInstanceOf(KeyNotFoundException.class);
  }

  @Test
  void create_anExistingKey_failsKeyAlreadyExists() {
    assertThat(failureOf(client.create("photos-key")))
        .isInstanceOf(KeyAlreadyExistsException.class);
  }

  @Test
  void deletedAndRecreatedKey_doesNotOpenOldCiphertexts() throws Exception {
    // Given
    join(client.create("short-lived"));
    byte[] ciphertext = join(client.generate("short-lived", CONTEXT)).ciphertext();
    // When
    assertThat(service.raw("DELETE", "/v1/key/delete/short-lived", null, RunningKeyService.API_KEY).statusCode())
        .isEqualTo(200);
    // Then
    assertThat(failureOf(client.decrypt("short-lived", ciphertext, CONTEXT)))
        .isInstanceOf(KeyNotFoundException.class);
    join(client.create("short-lived"));
    assertThat(failureOf(client.decrypt("short-lived", ciphertext, CONTEXT)))
        .isInstanceOf(CiphertextNotAuthenticException.class);
  }

  @Test
  void client_withAWrongApiKey_failsWithTheServicesCode() {
    // Given
    HttpKeyServiceClient stranger = new HttpKeyServiceClient(service.uri(), "not-a-configured-key-123");
    // When
    Throwable failure = failureOf(stranger.generate("photos-key", CONTEXT));
    // Then
    assertThat(failure).isExactlyInstanceOf(KeyServiceException.class);
    assertThat(((KeyServiceException) failure).status()).isEqualTo(401);
    assertThat(((KeyServiceException) failure).code()).isEqualTo("Unauthenticated");
    assertThat(failure.getMessage()).doesNotContain("not-a-configured-key-123");
  }

  @Test
  void secondConfiguredApiKey_isAccepted() {
    HttpKeyServiceClient second = new HttpKeyServiceClient(service.uri(), RunningKeyService.OTHER_API_KEY);
    assertThat(join(second.generate("photos-key", CONTEXT)).ciphertext()).hasSize(65);
  }

  @Test
  void client_withAnInvalidKeyName_throwsAtOnce_beforeAnyCall() {
    assertThatThrownBy(() -> client.generate("../etc", CONTEXT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.create("a/b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.decrypt("k", new byte[61], null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
