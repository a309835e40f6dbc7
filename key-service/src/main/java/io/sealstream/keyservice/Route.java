package io.sealstream.keyservice;

import java.util.Map;

/**
 * One row of the API table ({@link Routes}): method, path, the operation's name (as audit and
 * metrics show it), the largest request body accepted, who may call it, and the handler. The
 * server enforces the limit and the access before the handler runs.
 */
record Route(
    String method,
    PathPattern path,
    String operation,
    int maxBodyBytes,
    Access access,
    Handler handler) {
  Route {
    if (maxBodyBytes < 0) {
      throw new IllegalArgumentException("body limit must be >= 0, was " + maxBodyBytes);
    }
    if (operation == null || !operation.matches("[a-z][a-z.-]*")) {
      throw new IllegalArgumentException("operation must be lower-case words, was " + operation);
    }
  }

  /** Who may call a route. */
  enum Access {
    /** Anyone who can reach the port: liveness and readiness probes. */
    PUBLIC,
    /** A caller presenting one of the configured API keys, if its policy allows the path. */
    API_KEY,
    /** Only the one admin identity: seal, unseal, policy administration. */
    ADMIN
  }

  /** Handles one call; throws {@link ApiError.ApiException} or a store exception to fail it. */
  @FunctionalInterface
  interface Handler {
    Reply handle(Call call);
  }

  /** What a handler gets: path parameters, the whole (bounded) body, and who is calling. */
  record Call(Map<String, String> params, byte[] body, Identity identity) {
    Call {
      params = Map.copyOf(params);
    }

    String param(String name) {
      return params.get(name);
    }

    @Override
    public String toString() {
      return "Call[params=" + params + ", body=" + body.length + " bytes, identity=" + identity + "]";
    }
  }

  /**
   * A successful answer: status and JSON bytes. {@code secret} marks a body that carries key
   * material; the server wipes it once sent.
   */
  record Reply(int status, byte[] json, boolean secret, String contentType) {
    static final String JSON = "application/json";

    static Reply ok(byte[] json) {
      return new Reply(200, json, false, JSON);
    }

    static Reply okSecret(byte[] json) {
      return new Reply(200, json, true, JSON);
    }

    static Reply okText(String text) {
      return new Reply(
          200,
          text.getBytes(java.nio.charset.StandardCharsets.UTF_8),
          false,
          "text/plain; version=0.0.4; charset=utf-8");
    }

    @Override
    public String toString() {
      return "Reply[" + status + ", " + json.length + " bytes" + (secret ? ", secret" : "") + "]";
    }
  }
}
