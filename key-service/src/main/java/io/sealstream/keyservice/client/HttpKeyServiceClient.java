package io.sealstream.keyservice.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sealstream.channel.ExternalKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * {@link KeyServiceClient} over the key-service HTTP API with {@code java.net.http}, presenting
 * an API key as {@code Authorization: Bearer}. No caching and no retries: those are decorators.
 *
 * <p>Error mapping: {@code KeyNotFound} → {@link KeyNotFoundException}; {@code
 * CiphertextNotAuthentic} → {@link CiphertextNotAuthenticException}; {@code KeyExists} → {@link
 * KeyAlreadyExistsException}; {@code KeyDisabled} → {@link KeyDisabledException}; {@code
 * NotAuthorized} → {@link NotAuthorizedException}; {@code Sealed} (503) → {@link
 * KeyServiceSealedException}; no connection, a timeout or any other 5xx → {@link
 * KeyServiceUnavailableException}; anything else → {@link KeyServiceException}.
 *
 * <p>Thread-safe; share one instance. The API key is kept only inside the header value and never
 * printed.
 */
public final class HttpKeyServiceClient implements KeyServiceClient {
  /** Per-request timeout unless one is given. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private static final Pattern KEY_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int DATA_KEY_SIZE = 32;

  private final String base;
  private final String authorization;
  private final HttpClient http;
  private final Duration timeout;

  /** A client of the key service at {@code endpoint} (such as {@code http://127.0.0.1:7373}). */
  public HttpKeyServiceClient(URI endpoint, String apiKey) {
    this(
        endpoint,
        requireApiKey(apiKey),
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(DEFAULT_TIMEOUT)
            .build(),
        DEFAULT_TIMEOUT);
  }

  /**
   * A client using {@code http} (its SSL context, executor and connect timeout) with {@code
   * requestTimeout} per call. For mutual TLS, give an {@code HttpClient} whose {@code
   * SSLContext} presents the client certificate and trusts the server's CA, and a null {@code
   * apiKey}: the certificate is then the caller's identity.
   */
  public HttpKeyServiceClient(URI endpoint, String apiKey, HttpClient http, Duration requestTimeout) {
    if (endpoint == null || endpoint.getScheme() == null || endpoint.getHost() == null) {
      throw new IllegalArgumentException("endpoint must be an absolute http(s) URI, was " + endpoint);
    }
    if (apiKey != null && apiKey.isBlank()) {
      throw new IllegalArgumentException("API key must not be blank");
    }
    if (http == null || requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("an HttpClient and a positive request timeout must be given");
    }
    String text = endpoint.toString();
    this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    this.authorization = apiKey == null ? null : "Bearer " + apiKey;
    this.http = http;
    this.timeout = requestTimeout;
  }

  @Override
  public CompletionStage<DataKey> generate(String keyName, Map<String, String> context) {
    String path = "/v1/key/generate/" + checkName(keyName);
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.set("context", contextNode(context));
    return call("POST", path, body).thenApply(HttpKeyServiceClient::toDataKey);
  }

  @Override
  public CompletionStage<ExternalKey> decrypt(
      String keyName, byte[] ciphertext, Map<String, String> context) {
    String path = "/v1/key/decrypt/" + checkName(keyName);
    if (ciphertext == null) {
      throw new IllegalArgumentException("ciphertext must be given, was null");
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("ciphertext", Base64.getEncoder().encodeToString(ciphertext));
    body.set("context", contextNode(context));
    return call("POST", path, body).thenApply(HttpKeyServiceClient::toExternalKey);
  }

  @Override
  public CompletionStage<Void> create(String keyName) {
    String path = "/v1/key/create/" + checkName(keyName);
    return call("POST", path, null).thenApply(response -> null);
  }

  @Override
  public String toString() {
    return "HttpKeyServiceClient[" + base + "]";
  }

  // ---- transport ----

  private CompletionStage<byte[]> call(String method, String path, ObjectNode json) {
    HttpRequest.BodyPublisher publisher;
    try {
      publisher =
          json == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(json));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a request", e);
    }
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .method(method, publisher);
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    HttpRequest request = builder.build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .handle(
            (response, failure) -> {
              if (failure != null) {
                throw transportFailure(method, path, failure);
              }
              if (response.statusCode() != 200) {
                throw errorOf(response);
              }
              return response.body();
            });
  }

  private KeyServiceException transportFailure(String method, String path, Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
    if (cause instanceof IOException) {
      return new KeyServiceUnavailableException(
          0,
          "Unreachable",
          "key service at " + base + " did not answer " + method + " " + path + ": " + cause,
          cause);
    }
    return new KeyServiceException(
        0, "ClientError", method + " " + path + " failed in the client: " + cause, cause);
  }

  /** The exception for a non-200 answer, from its {@code {"code","message"}} body if readable. */
  static KeyServiceException errorOf(HttpResponse<byte[]> response) {
    int status = response.statusCode();
    String code = "HTTP" + status;
    String message = "key service answered HTTP " + status;
    try {
      JsonNode error = MAPPER.readTree(response.body());
      if (error != null && error.path("code").isTextual()) {
        code = error.get("code").textValue();
        message = error.path("message").asText(message);
      }
    } catch (IOException e) {
      // not our JSON (a proxy's page, say): keep the status alone
    }
    if (code.equals("Sealed")) {
      return new KeyServiceSealedException(status, code, message);
    }
    if (status >= 500) {
      return new KeyServiceUnavailableException(status, code, message, null);
    }
    return switch (code) {
      case "KeyNotFound" -> new KeyNotFoundException(status, code, message);
      case "KeyDisabled" -> new KeyDisabledException(status, code, message);
      case "NotAuthorized" -> new NotAuthorizedException(status, code, message);
      case "CiphertextNotAuthentic" -> new CiphertextNotAuthenticException(status, code, message);
      case "KeyExists" -> new KeyAlreadyExistsException(status, code, message);
      default -> new KeyServiceException(status, code, message);
    };
  }

  // ---- bodies ----

  private static DataKey toDataKey(byte[] body) {
    byte[] plaintext = null;
    try {
      JsonNode json = MAPPER.readTree(body);
      plaintext = binary(json, "plaintext");
      byte[] ciphertext = binary(json, "ciphertext");
      return new DataKey(externalKey(plaintext), ciphertext);
    } catch (IOException e) {
      throw invalidResponse("generate answer is not valid JSON");
    } finally {
      wipe(plaintext);
      wipe(body);
    }
  }

  private static ExternalKey toExternalKey(byte[] body) {
    byte[] plaintext = null;
    try {
      plaintext = binary(MAPPER.readTree(body), "plaintext");
      return externalKey(plaintext);
    } catch (IOException e) {
      throw invalidResponse("decrypt answer is not valid JSON");
    } finally {
      wipe(plaintext);
      wipe(body);
    }
  }

  private static ExternalKey externalKey(byte[] plaintext) {
    if (plaintext.length != DATA_KEY_SIZE) {
      throw invalidResponse("data key must be 32 bytes, was " + plaintext.length);
    }
    return ExternalKey.copyOf(plaintext);
  }

  private static byte[] binary(JsonNode json, String member) {
    JsonNode node = json == null ? null : json.get(member);
    if (node == null || !node.isTextual()) {
      throw invalidResponse("answer has no base64 \"" + member + "\"");
    }
    try {
      return Base64.getDecoder().decode(node.textValue());
    } catch (IllegalArgumentException e) {
      throw invalidResponse("\"" + member + "\" in the answer is not valid base64");
    }
  }

  private static KeyServiceException invalidResponse(String message) {
    return new KeyServiceException(200, "InvalidResponse", message);
  }

  private static ObjectNode contextNode(Map<String, String> context) {
    if (context == null) {
      throw new IllegalArgumentException("context must be a map (maybe empty), was null");
    }
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    context.forEach(
        (k, v) -> {
          if (k == null || v == null) {
            throw new IllegalArgumentException("context keys and values must not be null");
          }
          node.put(k, v);
        });
    return node;
  }

  private static String requireApiKey(String apiKey) {
    if (apiKey == null || apiKey.isBlank()) {
      throw new IllegalArgumentException("API key must be given");
    }
    return apiKey;
  }

  private static String checkName(String keyName) {
    if (keyName == null
        || !KEY_NAME.matcher(keyName).matches()
        || keyName.equals(".")
        || keyName.equals("..")) {
      throw new IllegalArgumentException(
          "key name must be 1-128 characters from [A-Za-z0-9._-], not \".\" or \"..\"");
    }
    return keyName;
  }

  private static void wipe(byte[] bytes) {
    if (bytes != null) {
      Arrays.fill(bytes, (byte) 0);
    }
  }
}
