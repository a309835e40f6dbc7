package io.sealstream.keyservice;

import java.util.Map;

/**
 * One row of the API table ({@link Routes}): method, path, the largest request body accepted,
 * who may call it, and the handler. The server enforces the limit and the access before the
 * handler runs.
 */
record Route(String method, PathPattern path, int maxBodyBytes, Access access, Handler handler) {
  Route {
    if (maxBodyBytes < 0) {
      throw new IllegalArgumentException("body limit must be >= 0, was " + maxBodyBytes);
    }
  }

  /** Who may call a route. */
  enum Access {
    /** Anyone who can reach the port: liveness and readiness probes. */
    PUBLIC,
    /** A caller presenting one of the configured API keys. */
    API_KEY
  }

  /** Handles one call; throws {@link ApiError.ApiException} or a store exception to fail it. */
  @FunctionalInterface
  interface Handler {
    Reply handle(Call call);
  }

  /** What a handler gets: path parameters, the whole (bounded) body, and who is calling. */
  record Call(Map<String, String> params, byte[] body, Identity identity) {
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
  record Reply(int status, byte[] json, boolean secret) {
    static Reply ok(byte[] json) {
      return new Reply(200, json, false);
    }

    static Reply okSecret(byte[] json) {
      return new Reply(200, json, true);
    }

    @Override
    public String toString() {
      return "Reply[" + status + ", " + json.length + " bytes" + (secret ? ", secret" : "") + "]";
    }
  }
}
