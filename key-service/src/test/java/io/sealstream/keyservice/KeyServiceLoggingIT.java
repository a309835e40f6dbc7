package io.sealstream.keyservice;

import static io.sealstream.keyservice.RunningKeyService.API_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealstream.keyservice.client.DataKey;
import io.sealstream.keyservice.client.HttpKeyServiceClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secret scan of the service's own log: a whole session of successful and failing calls,
 * captured at TRACE, holds no API key and no data-key plaintext in any common encoding.
 */
class KeyServiceLoggingIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WRONG_API_KEY = "wrong-but-well-formed-key-31415926";

  @TempDir Path dir;

  private static List<String> encodingsOf(byte[] secret) {
    String hex = HexFormat.of().formatHex(secret);
    List<String> encodings = new ArrayList<>();
    encodings.add(hex);
    encodings.add(hex.toUpperCase(Locale.ROOT));
    encodings.add(Base64.getEncoder().encodeToString(secret));
    encodings.add(Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    // any 12-character run of the base64 form
    String b64 = Base64.getEncoder().encodeToString(secret);
    for (int i = 0; i + 12 <= b64.length(); i += 4) {
      encodings.add(b64.substring(i, i + 12));
    }
    return encodings;
  }

  @Test
  void serviceLog_neverContainsApiKeysOrPlaintext() throws Exception {
    List<byte[]> plaintexts = new ArrayList<>();
    String log;
    try (LogCapture capture = LogCapture.start();
        RunningKeyService service = RunningKeyService.start(dir)) {
      // Given: a session with every kind of call, good and bad
      HttpKeyServiceClient client = service.client();
      client.create("logged-key").toCompletableFuture().join();
      for (int i = 0; i < 3; i++) {
        JsonNode generated =
            JSON.readTree(
                service
                    .raw("POST", "/v1/key/generate/logged-key", "{\"context\":{\"b\":\"x\"}}", API_KEY)
                    .body());
        plaintexts.add(Base64.getDecoder().decode(generated.get("plaintext").asText()));
        String ciphertext = generated.get("ciphertext").asText();
        service.raw(
            "POST",
            "/v1/key/decrypt/logged-key",
            "{\"ciphertext\":\"" + ciphertext + "\",\"context\":{\"b\":\"x\"}}",
            API_KEY);
        service.raw(
            "POST",
            "/v1/key/decrypt/logged-key",
            "{\"ciphertext\":\"" + ciphertext + "\",\"context\":{\"b\":\"y\"}}",
            API_KEY);
      }
      DataKey viaClient = client.generate("logged-key", Map.of("b", "x")).toCompletableFuture().join();
      service.raw("POST", "/v1/key/generate/logged-key", "{}", WRONG_API_KEY);
      service.raw("POST", "/v1/key/generate/logged-key", "{\"context\":", API_KEY);
      service.raw("POST", "/v1/key/generate/logged-key", "{\"context\":{\"" + API_KEY + "\":1}}", API_KEY);
      service.raw("POST", "/v1/key/generate/no-such-key", "{}", API_KEY);
      Path file = service.store.directory().resolve("logged-key.key");
      byte[] bytes = Files.readAllBytes(file);
      bytes[30] ^= 1;
      Files.write(file, bytes);
      try {
        client.generate("logged-key", Map.of()).toCompletableFuture().join();
      } catch (CompletionException expected) {
        // 500: the corrupt key file is logged, without material
      }
      viaClient.destroy();
      log = capture.text();
    }

    // Then: the capture saw the session...
    assertThat(log)
        .contains("/v1/key/generate/logged-key", "/v1/key/decrypt/logged-key", "-> 401", "-> 400")
        .contains("not authentic")
        .contains(io.sealstream.keyservice.Identity.ofApiKey(API_KEY).hex());
    // ...and none of its secrets
    assertThat(log).doesNotContain(API_KEY, WRONG_API_KEY, "Bearer");
    for (byte[] plaintext : plaintexts) {
      assertThat(encodingsOf(plaintext)).noneMatch(log::contains);
    }
  }
}
