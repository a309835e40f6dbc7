package io.sealstream.keyservice;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sealstream.keyservice.Route.Access;
import io.sealstream.keyservice.Route.Call;
import io.sealstream.keyservice.Route.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key-service HTTP server: the API of {@link Routes} over the JDK's HTTP server, on
 * 127.0.0.1 for now (TLS and client certificates come with the next issue: {@link
 * #start(HttpServer)} already takes any {@code HttpServer}, an {@code HttpsServer} included).
 *
 * <p>Every error is {@code {"code", "message"}} JSON from {@link ApiError}; a 500 never carries a
 * stack trace or detail. Logs name the method, path, status and caller {@link Identity}; never an
 * API key, a request or response body, or key material.
 *
 * <p>Lifecycle: construct, {@link #start(int)} once, {@link #close()}. Closing the server does
 * not close the {@link MasterKeyStore}, which stays the caller's. Thread-safe.
 */
public final class KeyServiceServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KeyServiceServer.class);
  /** How much of a refused, oversized request body is read and dropped before answering. */
  static final long DISCARD_LIMIT = 16L << 20;
  private static final int THREADS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

  private final List<Route> routes;
  private final ApiKeyAuthenticator authenticator;
  private HttpServer server;
  private ExecutorService executor;
  private boolean closed;

  /**
   * A server for the keys in {@code store}, answering callers that present one of {@code
   * apiKeys} (each at least 16 visible ASCII characters). Only the keys' SHA-256 digests are
   * kept.
   */
  public KeyServiceServer(MasterKeyStore store, Collection<String> apiKeys) {
    this.authenticator = new ApiKeyAuthenticator(apiKeys);
    this.routes = Routes.table(new KeyHandlers(new KeyService(store)));
  }

  /** Starts serving on 127.0.0.1:{@code port}; port 0 picks a free one (see {@link #port()}). */
  public synchronized KeyServiceServer start(int port) throws IOException {
    return start(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0));
  }

  /** Starts serving on {@code unstarted}, bound but not started: the seam for HTTPS. */
  synchronized KeyServiceServer start(HttpServer unstarted) {
    if (server != null) {
      throw new IllegalStateException("key-service server already started");
    }
    AtomicInteger threadNumber = new AtomicInteger();
    executor =
        Executors.newFixedThreadPool(
            THREADS,
            r -> {
              Thread t = new Thread(r, "key-service-http-" + threadNumber.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    unstarted.createContext("/", this::handle);
    unstarted.setExecutor(executor);
    unstarted.start();
    server = unstarted;
    LOG.info(
        "key-service listening on {} for {} API key identities {}",
        unstarted.getAddress(),
        authenticator.identities().size(),
        authenticator.identities());
    return this;
  }

  /** The port the server listens on. */
  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("key-service server not started");
    }
    return server.getAddress().getPort();
  }

  /** The base URI clients use, such as {@code http://127.0.0.1:7373}. */
  public URI uri() {
    return URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port());
  }

  /** Stops at once; calls in flight are cut. Idempotent. */
  @Override
  public synchronized void close() {
    if (server == null || closed) {
      return;
    }
    closed = true;
    server.stop(0);
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    LOG.info("key-service on port {} stopped", server.getAddress().getPort());
  }

  // ---- one request ----

  private void handle(HttpExchange exchange) {
    long start = System.nanoTime();
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    Identity[] caller = new Identity[1];
    int status;
    try {
      Reply reply = dispatch(exchange, method, path, caller);
      status = reply.status();
      send(exchange, status, reply.json(), reply.secret());
    } catch (ApiError.ApiException e) {
      status = sendError(exchange, e.error(), e.getMessage());
    } catch (MasterKeyNotFoundException e) {
      status = sendError(exchange, ApiError.KEY_NOT_FOUND, ApiError.KEY_NOT_FOUND.message());
    } catch (MasterKeyExistsException e) {
      status = sendError(exchange, ApiError.KEY_EXISTS, ApiError.KEY_EXISTS.message());
    } catch (DataKeyNotAuthenticException e) {
      LOG.info("{} {} refused for {}: {}", method, path, caller[0], e.getMessage());
      status =
          sendError(
              exchange,
              ApiError.CIPHERTEXT_NOT_AUTHENTIC,
              ApiError.CIPHERTEXT_NOT_AUTHENTIC.message());
    } catch (KeystoreCorruptException e) {
      LOG.error("{} {} failed: {}", method, path, e.getMessage());
      status = sendError(exchange, ApiError.INTERNAL, ApiError.INTERNAL.message());
    } catch (UncheckedIOException e) {
      LOG.error("{} {} failed, key store unavailable: {}", method, path, e.getMessage(), e.getCause());
      status =
          sendError(
              exchange, ApiError.KEYSTORE_UNAVAILABLE, ApiError.KEYSTORE_UNAVAILABLE.message());
    } catch (IOException e) {
      // the caller went away mid-request: nothing to answer
      LOG.debug("{} {} aborted: {}", method, path, e.toString());
      status = -1;
    } catch (RuntimeException e) {
      LOG.error("{} {} failed unexpectedly", method, path, e);
      status = sendError(exchange, ApiError.INTERNAL, ApiError.INTERNAL.message());
    } finally {
      exchange.close();
    }
    LOG.debug(
        "{} {} -> {} identity={} {} ms",
        method,
        path,
        status,
        caller[0] == null ? "-" : caller[0],
        (System.nanoTime() - start) / 1_000_000);
  }

  private Reply dispatch(HttpExchange exchange, String method, String path, Identity[] caller)
      throws IOException {
    List<Route> onPath = new ArrayList<>();
    Map<String, String> params = Map.of();
    Route route = null;
    for (Route r : routes) {
      Optional<Map<String, String>> match = r.path().match(path);
      if (match.isPresent()) {
        onPath.add(r);
        if (r.method().equals(method)) {
          route = r;
          params = match.get();
        }
      }
    }
    if (onPath.isEmpty()) {
      throw ApiError.ROUTE_NOT_FOUND.exception();
    }
    if (route == null) {
      String allowed = String.join(", ", onPath.stream().map(Route::method).distinct().toList());
      exchange.getResponseHeaders().set("Allow", allowed);
      throw ApiError.METHOD_NOT_ALLOWED.exception("method not allowed; allowed: " + allowed);
    }
    if (route.access() == Access.API_KEY) {
      caller[0] =
          authenticator
              .authenticate(exchange.getRequestHeaders().getFirst("Authorization"))
              .orElseThrow(
                  () -> {
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                    return ApiError.UNAUTHENTICATED.exception();
                  });
    }
    byte[] body = readBody(exchange, route.maxBodyBytes());
    return route.handler().handle(new Call(params, body, caller[0]));
  }

  /**
   * The body, refused as soon as it is known to exceed {@code limit}: at most {@code limit + 1}
   * bytes are ever held. A refused body is read on and discarded (up to {@link #DISCARD_LIMIT})
   * before answering, so the client is not reset mid-send and reads the error; past that the
   * connection is simply closed.
   */
  private static byte[] readBody(HttpExchange exchange, int limit) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      String declared = exchange.getRequestHeaders().getFirst("Content-Length");
      if (declared != null) {
        long length;
        try {
          length = Long.parseLong(declared.strip());
        } catch (NumberFormatException e) {
          throw ApiError.INVALID_REQUEST.exception("Content-Length is not a number");
        }
        if (length > limit) {
          discard(in);
          throw tooLarge(limit);
        }
      }
      byte[] body = in.readNBytes(limit + 1);
      if (body.length > limit) {
        Arrays.fill(body, (byte) 0);
        discard(in);
        throw tooLarge(limit);
      }
      return body;
    }
  }

  private static void discard(InputStream in) throws IOException {
    byte[] sink = new byte[8192];
    long total = 0;
    int n;
    while (total < DISCARD_LIMIT && (n = in.read(sink)) >= 0) {
      total += n;
    }
    Arrays.fill(sink, (byte) 0);
  }

  private static ApiError.ApiException tooLarge(int limit) {
    return ApiError.BODY_TOO_LARGE.exception(
        limit == 0
            ? "this API takes no request body"
            : "request body exceeds " + limit + " bytes");
  }

  private static int sendError(HttpExchange exchange, ApiError error, String message) {
    try {
      send(exchange, error.status(), Json.error(error.code(), message), false);
    } catch (IOException e) {
      LOG.debug("could not send {} error: {}", error.code(), e.toString());
    }
    return error.status();
  }

  private static void send(HttpExchange exchange, int status, byte[] json, boolean secret)
      throws IOException {
    try {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      // responses carry data keys: no cache anywhere may keep them
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(status, json.length == 0 ? -1 : json.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(json);
      }
    } finally {
      if (secret) {
        Arrays.fill(json, (byte) 0);
      }
    }
  }
}
