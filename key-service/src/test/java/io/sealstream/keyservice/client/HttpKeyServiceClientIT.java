package io.sealstream.keyservice.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client's error mapping against what is not a healthy key service. */
class HttpKeyServiceClientIT {
  private static final String API_KEY = "client-test-api-key-0123456789";
  private HttpServer stub;

  @AfterEach
  void stopStub() {
    if (stub != null) {
      stub.stop(0);
    }
  }

  private static Throwable failureOf(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().join();
    } catch (CompletionException e) {
      return e.getCause();
    }
    throw new AssertionError("stage completed normally");
  }

  /** A stub that answers every request with {@code status} and {@code body}. */
  private URI stub(int status, String body) throws IOException {
    stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    stub.createContext(
        "/",
        exchange -> {
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    stub.start();
    return URI.create("http://127.0.0.1:" + stub.getAddress().getPort());
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void client_againstAClosedPort_failsUnavailable_retryable() throws Exception {
    // Given
    HttpKeyServiceClient client =
        new HttpKeyServiceClient(URI.create("http://127.0.0.1:" + closedPort()), API_KEY);
    // When
    Throwable failure = failureOf(client.generate("k", Map.of()));
    // Then
    assertThat(failure).isInstanceOf(KeyServiceUnavailableException.class);
    KeyServiceException e = (KeyServiceException) failure;
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.status()).isZero();
    assertThat(e.getMessage()).doesNotContain(API_KEY);
    assertThat(failureOf(client.create("k"))).isInstanceOf(KeyServiceUnavailableException.class);
    assertThat(failureOf(client.decrypt("k", new byte[61], Map.of())))
        .isInstanceOf(KeyServiceUnavailableException.class);
  }

  @Test
  void client_whenTheServiceDoesNotAnswerInTime_failsUnavailable() throws Exception {
    // Given: a server that accepts and never answers
    stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    stub.createContext("/", exchange -> {
      try {
        Thread.sleep(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
    });
    stub.start();
    HttpKeyServiceClient client =
        new HttpKeyServiceClient(
            URI.create("http://127.0.0.1:" + stub.getAddress().getPort()),
            API_KEY,
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
            Duration.ofMillis(200));
    // When / Then
    assertThat(failureOf(client.generate("k", Map.of())))
        .isInstanceOf(KeyServiceUnavailableException.class)
        .hasCauseInstanceOf(java.net.http.HttpTimeoutException.class);
  }

  @Test
  void client_on5xx_failsUnavailable_withTheServicesCode() throws Exception {
    // Given
    URI uri = stub(503, "{\"code\":\"KeystoreUnavailable\",\"message\":\"key store is unavailable\"}");
    // When
    Throwable failure = failureOf(new HttpKeyServiceClient(uri, API_KEY).generate("k", Map.of()));
    // Then
    assertThat(failure).isInstanceOf(KeyServiceUnavailableException.class);
    assertThat(((KeyServiceException) failure).code()).isEqualTo("KeystoreUnavailable");
    assertThat(((KeyServiceException) failure).status()).isEqualTo(503);
  }

  @Test
  void client_on500WithANonJsonBody_failsUnavailable() throws Exception {
    URI uri = stub(502, "<html>bad gateway</html>");
    Throwable failure = failureOf(new HttpKeyServiceClient(uri, API_KEY).create("k"));
    assertThat(failure).isInstanceOf(KeyServiceUnavailableException.class);
    assertThat(((KeyServiceException) failure).code()).isEqualTo("HTTP502");
  }

  @Test
  void client_on404KeyNotFound_failsKeyNotFound_notRetryable() throws Exception {
    URI uri = stub(404, "{\"code\":\"KeyNotFound\",\"message\":\"key does not exist\"}");
    Throwable failure =
        failureOf(new HttpKeyServiceClient(uri, API_KEY).decrypt("k", new byte[61], Map.of()));
    assertThat(failure).isInstanceOf(KeyNotFoundException.class).hasMessage("key does not exist");
    assertThat(((KeyServiceException) failure).isRetryable()).isFalse();
  }

  @Test
  void client_on503Sealed_failsSealed_notRetryable() throws Exception {
    URI uri = stub(503, "{\"code\":\"Sealed\",\"message\":\"key service is sealed\"}");
    Throwable failure =
        failureOf(new HttpKeyServiceClient(uri, API_KEY).decrypt("k", new byte[65], Map.of()));
    assertThat(failure).isInstanceOf(KeyServiceSealedException.class).hasMessage("key service is sealed");
    assertThat(((KeyServiceException) failure).isRetryable()).isFalse();
  }

  @Test
  void client_on409KeyDisabled_failsKeyDisabled_andOn403_NotAuthorized_neitherRetryable() throws Exception {
    URI uri = stub(409, "{\"code\":\"KeyDisabled\",\"message\":\"key is disabled\"}");
    Throwable disabled = failureOf(new HttpKeyServiceClient(uri, API_KEY).generate("k", Map.of()));
    assertThat(disabled).isInstanceOf(KeyDisabledException.class);
    assertThat(((KeyServiceException) disabled).isRetryable()).isFalse();
    stub.stop(0);
    uri = stub(403, "{\"code\":\"NotAuthorized\",\"message\":\"not authorized: insufficient permissions\"}");
    Throwable denied = failureOf(new HttpKeyServiceClient(uri, API_KEY).generate("k", Map.of()));
    assertThat(denied).isInstanceOf(NotAuthorizedException.class);
    assertThat(((KeyServiceException) denied).isRetryable()).isFalse();
  }

  @Test
  void client_on200WithAMalformedAnswer_failsInvalidResponse() throws Exception {
    // Given: a plaintext of 31 bytes
    URI uri = stub(200, "{\"plaintext\":\"" + java.util.Base64.getEncoder().encodeToString(new byte[31])
        + "\",\"ciphertext\":\"AQ==\"}");
    // When
    Throwable failure = failureOf(new HttpKeyServiceClient(uri, API_KEY).generate("k", Map.of()));
    // Then
    assertThat(failure).isExactlyInstanceOf(KeyServiceException.class);
    assertThat(((KeyServiceException) failure).code()).isEqualTo("InvalidResponse");
    assertThat(((KeyServiceException) failure).isRetryable()).isFalse();
  }

  @Test
  void client_toString_showsTheEndpointOnly() {
    HttpKeyServiceClient client = new HttpKeyServiceClient(URI.create("http://127.0.0.1:7373/"), API_KEY);
    assertThat(client).hasToString("HttpKeyServiceClient[http://127.0.0.1:7373]");
  }
}
