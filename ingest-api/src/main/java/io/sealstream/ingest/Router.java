package io.sealstream.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies SigV4 (when configured; header or presigned) before any handler runs, dispatches requests through the
 * route table and turns every failure into an S3 error: XML
 * body (none for HEAD), a request id in the body and in {@code x-amz-request-id}, never a stack
 * trace. A failure after the response started cuts the connection, so nothing unverified is sent
 * as if it were complete.
 */
final class Router extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);
  /**
   * Query parameters that name an S3 operation or feature. One that no route of the request's
   * method and path shape handles is answered 501 NotImplemented, never served as if it were the
   * plain operation (a GET ?acl must not return the object).
   */
  private static final Set<String> SUBRESOURCES =
      Set.of("uploads", "uploadId", "partNumber", "versionId", "versions", "acl", "tagging",
          "encryption", "versioning", "location", "policy", "cors", "lifecycle", "delete",
          "attributes", "retention", "legal-hold", "restore", "select", "website",
          "notification", "replication", "logging", "object-lock", "ownershipControls",
          "publicAccessBlock", "accelerate", "requestPayment", "analytics", "inventory",
          "metrics", "intelligent-tiering", "torrent", "policyStatus");
  private static final int MAX_KEY_BYTES = 1024;

  private static final HexFormat REQUEST_ID_HEX = HexFormat.of().withUpperCase();

  private final List<Route> routes;
  private final SigV4Verifier verifier;

  /** {@code verifier} null: no authentication (stub-pipeline tests only). */
  Router(List<Route> routes, SigV4Verifier verifier) {
    this.routes = List.copyOf(routes);
    this.verifier = verifier;
  }

  /**
   * 16 upper-case hex digits, unique enough to find a request in the logs. Not a secret, so no
   * {@code SecureRandom}: a random UUID (its shared generator, then three string copies) per
   * request showed in the profile of small GETs.
   */
  static String newRequestId() {
    return REQUEST_ID_HEX.toHexDigits(ThreadLocalRandom.current().nextLong());
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String requestId = newRequestId();
    response.getHeaders().put("x-amz-request-id", requestId);
    String rawPath = request.getHttpURI().getPath();
    S3Call call = null;
    try {
      String path = percentDecode(rawPath == null ? "/" : rawPath);
      String bucket = null;
      String key = null;
      Route.Shape shape;
      String rest = path.startsWith("/") ? path.substring(1) : path;
      if (rest.isEmpty()) {
        shape = Route.Shape.SERVICE;
      } else {
        int slash = rest.indexOf('/');
        if (slash < 0 || slash == rest.length() - 1) {
          bucket = slash < 0 ? rest : rest.substring(0, slash);
          shape = Route.Shape.BUCKET;
        } else {
          bucket = rest.substring(0, slash);
          key = rest.substring(slash + 1);
          shape = Route.Shape.OBJECT;
        }
      }
      Map<String, String> query = parseQuery(request.getHttpURI().getQuery());
      call = new S3Call(request, response, requestId, bucket, key, query);
      if (verifier != null) {
        call.authenticated(authenticate(request, rawPath).chunkSigning());
      } else {
        call.authenticationOff();
      }
      Route route = find(request.getMethod(), shape, query);
      if (bucket != null && !BucketNames.isValid(bucket)) {
        throw S3Error.INVALID_BUCKET_NAME.exception();
      }
      if (key != null && key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
        throw S3Error.KEY_TOO_LONG.exception();
      }
      if (call.contentLength() > route.bodyLimit()) {
        throw S3Error.ENTITY_TOO_LARGE.exception();
      }
      route.operation().handle(call);
      call.finish();
      callback.succeeded();
    } catch (S3Exception e) {
      fail(request, response, callback, requestId, rawPath, e.error(), e.getMessage(), null);
    } catch (Exception | Error e) {
      fail(request, response, callback, requestId, rawPath, S3Error.INTERNAL_ERROR, null, e);
    }
    return true;
  }

  /**
   * Verifies SigV4 (header or presigned) before anything else looks at the request; the result
   * carries what a signed aws-chunked body is verified with.
   */
  private SigV4Verifier.Verified authenticate(Request request, String rawPath) throws S3Exception {
    Map<String, String> headers = new HashMap<>();
    for (HttpField field : request.getHeaders()) {
      headers.merge(field.getLowerCaseName(), field.getValue(), (a, b) -> a + "," + b);
    }
    try {
      return verifier.verify(
          request.getMethod(), rawPath, request.getHttpURI().getQuery(), headers);
    } catch (S3Exception e) {
      // The reason only: never the secret, the signature or signed header values.
      LOG.debug("{} {}: {}", request.getMethod(), rawPath, e.error().code());
      throw e;
    }
  }

  /**
   * The route for method and shape whose subresource is in the query, else the plain route; a
   * subresource in the query that no route handles is 501, a method the shape lacks is 405.
   */
  static Route find(List<Route> routes, String method, Route.Shape shape, Map<String, String> query)
      throws S3Exception {
    boolean shapeKnown = false;
    Route plain = null;
    for (Route r : routes) {
      if (r.shape() != shape) {
        continue;
      }
      shapeKnown = true;
      if (!r.method().equals(method)) {
        continue;
      }
      if (r.subresource() == null) {
        plain = r;
      } else if (query.containsKey(r.subresource())) {
        return r;
      }
    }
    for (String name : query.keySet()) {
      if (SUBRESOURCES.contains(name)) {
        throw S3Error.NOT_IMPLEMENTED.exception("'" + name + "' is not implemented");
      }
    }
    if (plain != null) {
      return plain;
    }
    throw shapeKnown ? S3Error.METHOD_NOT_ALLOWED.exception() : S3Error.NOT_IMPLEMENTED.exception(
        "This operation is not implemented");
  }

  private Route find(String method, Route.Shape shape, Map<String, String> query)
      throws S3Exception {
    return find(routes, method, shape, query);
  }

  /**
   * The query string as name → value, percent-decoded (RFC 3986; '+' stays '+'); a name without
   * '=' maps to "". A repeated name keeps its first value.
   */
  static Map<String, String> parseQuery(String query) throws S3Exception {
    if (query == null || query.isEmpty()) {
      return Map.of();
    }
    Map<String, String> params = new java.util.LinkedHashMap<>();
    for (String part : query.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = percentDecode(eq < 0 ? part : part.substring(0, eq));
      String value = eq < 0 ? "" : percentDecode(part.substring(eq + 1));
      params.putIfAbsent(name, value);
    }
    return java.util.Collections.unmodifiableMap(params);
  }

  private static void fail(
      Request request, Response response, Callback callback, String requestId,
      String resource, S3Error error, String message, Throwable cause) {
    if (cause != null) {
      // The detail goes to the log only; the client gets the generic InternalError.
      LOG.error("request {} {} {} failed", requestId, request.getMethod(), resource, cause);
    } else if (error.status() >= 500) {
      LOG.warn("request {} {} {}: {} {}", requestId, request.getMethod(), resource, error.code(), message);
    }
    if (response.isCommitted()) {
      callback.failed(cause != null ? cause : new IllegalStateException(error.code()));
      return;
    }
    try {
      response.reset();
      response.getHeaders().put("x-amz-request-id", requestId);
      if ("HEAD".equals(request.getMethod())) {
        response.setStatus(error.status());
        response.getHeaders().put("Content-Length", 0);
        callback.succeeded();
      } else {
        writeXml(response, callback, error.status(), error.xml(message, resource, requestId));
      }
    } catch (RuntimeException e) {
      callback.failed(e);
    }
  }

  private static void writeXml(Response response, Callback callback, int status, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put("Content-Type", "application/xml");
    response.getHeaders().put("Content-Length", body.length);
    response.write(true, java.nio.ByteBuffer.wrap(body), callback);
  }

  /** RFC 3986 percent-decoding as UTF-8; '+' stays '+' (paths are not form data). */
  static String percentDecode(String s) throws S3Exception {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw S3Error.INVALID_ARGUMENT.exception("malformed percent-encoding in the request URI");
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw S3Error.INVALID_ARGUMENT.exception("malformed percent-encoding in the request URI");
        }
        out.write(hi << 4 | lo);
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
          b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        out.write(b, 0, b.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
