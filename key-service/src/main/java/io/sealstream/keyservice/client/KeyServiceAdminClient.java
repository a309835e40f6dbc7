package io.sealstream.keyservice.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The operator's side of the key-service API, synchronous, for the command line: key
 * administration, policies, seal and unseal. Answers are the service's JSON text as is (key
 * descriptions, lists, policies: never key material). Failures throw the same {@link
 * KeyServiceException} family as {@link HttpKeyServiceClient}. Thread-safe.
 */
public final class KeyServiceAdminClient {
  private static final Pattern KEY_NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private final String base;
  private final String authorization;
  private final HttpClient http;
  private final Duration timeout;

  public KeyServiceAdminClient(URI endpoint, String apiKey) {
    this(endpoint, requireApiKey(apiKey),
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(HttpKeyServiceClient.DEFAULT_TIMEOUT)
            .build());
  }

  /**
   * A client using {@code http}. For mutual TLS, give an {@code HttpClient} whose {@code
   * SSLContext} presents the admin's client certificate and trusts the server's CA, and a null
   * {@code apiKey}: the certificate is then the caller's identity.
   */
  public KeyServiceAdminClient(URI endpoint, String apiKey, HttpClient http) {
    if (endpoint == null || endpoint.getScheme() == null || endpoint.getHost() == null) {
      throw new IllegalArgumentException("endpoint must be an absolute http(s) URI, was " + endpoint);
    }
    if (apiKey != null && apiKey.isBlank()) {
      throw new IllegalArgumentException("API key must not be blank");
    }
    if (http == null) {
      throw new IllegalArgumentException("an HttpClient must be given");
    }
    String text = endpoint.toString();
    this.base = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    this.authorization = apiKey == null ? null : "Bearer " + apiKey;
    this.http = http;
    // unseal may run a memory-hard KDF on the server
    this.timeout = Duration.ofSeconds(60);
  }

  public String create(String name) {
    return call("POST", "/v1/key/create/" + checkName(name), null);
  }

  /** Imports 32 bytes as version 1 of {@code name}; the caller wipes {@code material}. */
  public String importKey(String name, byte[] material) {
    if (material == null || material.length != 32) {
      throw new IllegalArgumentException("an imported key must be 32 bytes");
    }
    byte[] body = secretBody("key", material);
    try {
      return call("POST", "/v1/key/import/" + checkName(name), body);
    } finally {
      Arrays.fill(body, (byte) 0);
    }
  }

  public String describe(String name) {
    return call("GET", "/v1/key/describe/" + checkName(name), null);
  }

  public String list() {
    return call("GET", "/v1/key/list", null);
  }

  public String enable(String name) {
    return call("POST", "/v1/key/enable/" + checkName(name), null);
  }

  public String disable(String name) {
    return call("POST", "/v1/key/disable/" + checkName(name), null);
  }

  public String rotate(String name) {
    return call("POST", "/v1/key/rotate/" + checkName(name), null);
  }

  public String delete(String name) {
    return call("DELETE", "/v1/key/delete/" + checkName(name), null);
  }

  public String seal() {
    return call("POST", "/v1/sys/seal", null);
  }

  /** Unseals with the operator's secret; the caller wipes {@code secret}. */
  public String unseal(byte[] secret) {
    byte[] body = secretBody("secret", secret);
    try {
      return call("POST", "/v1/sys/unseal", body);
    } finally {
      Arrays.fill(body, (byte) 0);
    }
  }

  public String policyShow() {
    return call("GET", "/v1/policy/show", null);
  }

  public String policySet(byte[] policiesJson) {
    return call("POST", "/v1/policy/set", policiesJson);
  }

  public String status() {
    return call("GET", "/v1/status", null);
  }

  private String call(String method, String path, byte[] body) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    HttpRequest request = builder.build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new KeyServiceUnavailableException(
          0, "Unreachable", "key service at " + base + " did not answer: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeyServiceException(0, "Interrupted", "interrupted waiting for the key service");
    }
    if (response.statusCode() != 200) {
      throw HttpKeyServiceClient.errorOf(response);
    }
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  /** {"member":"<base64>"} in one array, so the secret passes through no String. */
  private static byte[] secretBody(String member, byte[] secret) {
    byte[] encoded = Base64.getEncoder().encode(secret);
    byte[] head = ("{\"" + member + "\":\"").getBytes(StandardCharsets.US_ASCII);
    byte[] tail = "\"}".getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[head.length + encoded.length + tail.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(encoded, 0, out, head.length, encoded.length);
    System.arraycopy(tail, 0, out, head.length + encoded.length, tail.length);
    Arrays.fill(encoded, (byte) 0);
    return out;
  }

  private static String requireApiKey(String apiKey) {
    if (apiKey == null || apiKey.isBlank()) {
      throw new IllegalArgumentException("API key must be given");
    }
    return apiKey;
  }

  private static String checkName(String name) {
    if (name == null || !KEY_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException(
          "key name must be 1-128 characters from [A-Za-z0-9._-], not \".\" or \"..\"");
    }
    return name;
  }

  @Override
  public String toString() {
    return "KeyServiceAdminClient[" + base + "]";
  }
}
