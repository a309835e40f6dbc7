package io.sealstream.keyservice;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.sealstream.tls.ServerTls;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import io.sealstream.keyservice.Route.Access;
import io.sealstream.keyservice.Route.Call;
import io.sealstream.keyservice.Route.Reply;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Objects;
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
 * 127.0.0.1 for now ({@link #start(HttpServer)} takes any {@code HttpServer}, an {@code
 * HttpsServer} included, for mutual TLS).
 *
 * <p>Each call: route → authenticate (API key → {@link Identity}) → authorize ({@link
 * PolicySet}: the admin may call everything, others what their policy allows, deny first) →
 * handler → one {@link AuditEvent} to the {@link AuditSink} <em>before</em> the answer leaves (a
 * failing audit withholds it: 503 {@code AuditUnavailable}) → metrics. Every call is audited,
 * refused and failed ones included.
 *
 * <p>Every error is {@code {"code", "message"}} JSON from {@link ApiError}; a 500 never carries a
 * stack trace or detail. Logs and audit name the method, path, status, request id and caller
 * identity; never an API key, a request or response body, or key material.
 *
 * <p>Lifecycle: {@link #builder}, {@link #start(int)} once, {@link #close()}. Closing the server
 * does not close the {@link MasterKeyStore} or the audit sink, which stay the caller's.
 * Thread-safe.
 */
public final class KeyServiceServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KeyServiceServer.class);
  /** How much of a refused, oversized request body is read and dropped before answering. */
  static final long DISCARD_LIMIT = 16L << 20;
  private static final int THREADS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
  private static final String UNROUTED = "unrouted";

  private final List<Route> routes;
  private final ApiKeyAuthenticator authenticator;
  private final Policies policies;
  private final AuditSink audit;
  private final KeyServiceMetrics metrics = new KeyServiceMetrics();
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private HttpServer server;
  private ExecutorService executor;
  private boolean closed;

  /**
   * A server for the keys in {@code store}, answering callers that present one of {@code
   * apiKeys} (each at least 16 visible ASCII characters): the first is the admin, the others may
   * call every key route. Nothing is audited. Only the keys' SHA-256 digests are kept.
   */
  public KeyServiceServer(MasterKeyStore store, Collection<String> apiKeys) {
    this(builder(store).apiKeys(apiKeys));
  }

  private KeyServiceServer(Builder b) {
    // API keys may be left out when policies name the admin: callers then identify themselves
    // by client certificate (mutual TLS).
    this.authenticator =
        new ApiKeyAuthenticator(
            b.apiKeys == null ? List.of() : b.apiKeys, b.policies != null || b.policyFile != null);
    // Without explicit policies: a new policy file starts safe (the first identity is the
    // admin, no one else may do anything until the admin says so); a server with API keys only
    // keeps the first key-service's behaviour (every key may use every key route).
    PolicySet initial;
    if (b.policies != null) {
      initial = b.policies;
    } else if (authenticator.identities().isEmpty()) {
      initial = null; // only an existing policy file can name the admin
    } else if (b.policyFile != null) {
      initial = new PolicySet(authenticator.identities().get(0), List.of());
    } else {
      initial = PolicySet.adminAndAllowAll(authenticator.identities());
    }
    if (initial == null && (b.policyFile == null || !java.nio.file.Files.exists(b.policyFile))) {
      throw new IllegalArgumentException("configure API keys, or policies naming the admin identity");
    }
    this.policies =
        b.policyFile != null ? Policies.fromFile(b.policyFile, initial) : Policies.inMemory(initial);
    this.audit = b.audit;
    this.clock = b.clock;
    this.routes =
        Routes.table(
            new KeyHandlers(new KeyService(b.store), metrics), new PolicyHandlers(policies));
  }

  /** A builder of a server over {@code store}. */
  public static Builder builder(MasterKeyStore store) {
    return new Builder(store);
  }

  /** Configuration of a {@link KeyServiceServer}; API keys are required, the rest optional. */
  public static final class Builder {
    private final MasterKeyStore store;
    private Collection<String> apiKeys;
    private PolicySet policies;
    private Path policyFile;
    private AuditSink audit = AuditSink.none();
    private Clock clock = Clock.systemUTC();

    private Builder(MasterKeyStore store) {
      this.store = Objects.requireNonNull(store, "store");
    }

    /** The API keys callers present; only their SHA-256 is kept. */
    public Builder apiKeys(Collection<String> apiKeys) {
      this.apiKeys = List.copyOf(apiKeys);
      return this;
    }

    /**
     * The policies; without them (and without a policy file) the first API key's identity is
     * the admin and the others may call every key route.
     */
    public Builder policies(PolicySet policies) {
      this.policies = Objects.requireNonNull(policies, "policies");
      return this;
    }

    /**
     * Policies kept in {@code file} (JSON, {@link PolicySet}): loaded if it exists, else written
     * from {@link #policies} or, without them, as "the first API key is the admin, nobody else
     * may do anything"; {@code /v1/policy/set} rewrites it.
     */
    public Builder policyFile(Path file) {
      this.policyFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /** Where every call's audit event goes (several: {@link AuditSink#all}). */
    public Builder audit(AuditSink audit) {
      this.audit = Objects.requireNonNull(audit, "audit");
      return this;
    }

    Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public KeyServiceServer build() {
      return new KeyServiceServer(this);
    }
  }

  /** Starts serving on 127.0.0.1:{@code port}; port 0 picks a free one (see {@link #port()}). */
  public synchronized KeyServiceServer start(int port) throws IOException {
    return start(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0));
  }

  /**
   * Starts serving HTTPS on 127.0.0.1:{@code port} with {@code tls} (TLS 1.3/1.2 only). With
   * {@link ServerTls#withClientAuth} every client must present a certificate chaining to the
   * bundle (mutual TLS), and its identity is the SHA-256 of its public key (it wins over any API
   * key the request also carries). Without client authentication, callers identify themselves
   * by API key over the encrypted channel.
   */
  public synchronized KeyServiceServer start(int port, ServerTls tls) throws IOException {
    HttpsServer https =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    https.setHttpsConfigurator(
        new HttpsConfigurator(tls.sslContext()) {
          @Override
          public void configure(HttpsParameters parameters) {
            parameters.setSSLParameters(tls.sslParameters());
          }
        });
    return start(https);
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
        "key-service listening on {} for {} API key identities {}; admin {}",
        unstarted.getAddress(),
        authenticator.identities().size(),
        authenticator.identities(),
        policies.current().admin());
    return this;
  }

  /** The port the server listens on. */
  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("key-service server not started");
    }
    return server.getAddress().getPort();
  }

  /** The base URI clients use, such as {@code http://127.0.0.1:7373} or {@code https://…}. */
  public synchronized URI uri() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return URI.create(
        scheme + "://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port());
  }

  /** How many calls of {@code operation} ended in {@code outcome} ("ok" or an error code). */
  public long callCount(String operation, String outcome) {
    return metrics.count(operation, outcome);
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

  /** What the steps of one call found out, for the audit event and the log. */
  private static final class CallRecord {
    final String requestId;
    final String method;
    final String path;
    Route route;
    Identity identity;
    String key;

    CallRecord(String requestId, String method, String path) {
      this.requestId = requestId;
      this.method = method;
      this.path = path;
    }

    String operation() {
      return route == null ? UNROUTED : route.operation();
    }
  }

  private void handle(HttpExchange exchange) {
    long start = System.nanoTime();
    byte[] id = new byte[8];
    random.nextBytes(id);
    CallRecord call =
        new CallRecord(
            HexFormat.of().formatHex(id),
            exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath());
    exchange.getResponseHeaders().set("X-Request-Id", call.requestId);
    int status = -1;
    try {
      Reply reply;
      ApiError error;
      String message;
      try {
        reply = dispatch(exchange, call);
        error = null;
        message = null;
      } catch (ApiError.ApiException e) {
        reply = null;
        error = e.error();
        message = e.getMessage();
      } catch (RuntimeException e) {
        reply = null;
        error = errorOf(e, call);
        message = error.message();
      }
      String outcome = error == null ? "ok" : error.code();
      int intended = error == null ? reply.status() : error.status();
      if (!audited(call, outcome, intended, start)) {
        if (reply != null && reply.secret()) {
          Arrays.fill(reply.json(), (byte) 0);
        }
        reply = null;
        error = ApiError.AUDIT_UNAVAILABLE;
        message = error.message();
        outcome = error.code();
      }
      metrics.record(call.operation(), outcome, System.nanoTime() - start);
      if (reply != null) {
        status = reply.status();
        send(exchange, status, reply.json(), reply.secret(), reply.contentType());
      } else {
        status = sendError(exchange, error, message);
      }
    } catch (IOException e) {
      // the caller went away mid-request: nothing to answer
      LOG.debug("{} {} aborted: {}", call.method, call.path, e.toString());
    } finally {
      exchange.close();
    }
    LOG.debug(
        "{} {} -> {} request={} identity={} {} ms",
        call.method,
        call.path,
        status,
        call.requestId,
        call.identity == null ? "-" : call.identity,
        (System.nanoTime() - start) / 1_000_000);
  }

  /** Writes the audit event; false if the sink failed (the answer must then be withheld). */
  private boolean audited(CallRecord call, String outcome, int status, long startNanos) {
    AuditEvent event =
        new AuditEvent(
            clock.instant(),
            call.requestId,
            call.identity == null ? null : call.identity.hex(),
            call.method,
            call.path,
            call.operation(),
            call.key,
            outcome,
            status,
            (System.nanoTime() - startNanos) / 1_000);
    try {
      audit.record(event);
      return true;
    } catch (RuntimeException e) {
      LOG.error(
          "audit of request {} ({} {}) failed; answer withheld: {}",
          call.requestId,
          call.method,
          call.path,
          e.toString());
      return false;
    }
  }

  /** The API error for an exception a handler or the store threw; logs what the caller does not see. */
  private static ApiError errorOf(RuntimeException e, CallRecord call) {
    if (e instanceof MasterKeyNotFoundException) {
      return ApiError.KEY_NOT_FOUND;
    }
    if (e instanceof MasterKeyExistsException) {
      return ApiError.KEY_EXISTS;
    }
    if (e instanceof MasterKeyDisabledException) {
      return ApiError.KEY_DISABLED;
    }
    if (e instanceof KeystoreSealedException) {
      return ApiError.SEALED;
    }
    if (e instanceof UnsealSecretWrongException) {
      LOG.warn("unseal refused for {}: {}", call.identity, e.getMessage());
      return ApiError.UNSEAL_FAILED;
    }
    if (e instanceof DataKeyNotAuthenticException) {
      LOG.info("{} {} refused for {}: {}", call.method, call.path, call.identity, e.getMessage());
      return ApiError.CIPHERTEXT_NOT_AUTHENTIC;
    }
    if (e instanceof KeystoreCorruptException) {
      LOG.error("{} {} failed: {}", call.method, call.path, e.getMessage());
      return ApiError.INTERNAL;
    }
    if (e instanceof UncheckedIOException) {
      LOG.error(
          "{} {} failed, key store unavailable: {}", call.method, call.path, e.getMessage(), e.getCause());
      return ApiError.KEYSTORE_UNAVAILABLE;
    }
    LOG.error("{} {} failed unexpectedly", call.method, call.path, e);
    return ApiError.INTERNAL;
  }

  private Reply dispatch(HttpExchange exchange, CallRecord call) throws IOException {
    List<Route> onPath = new ArrayList<>();
    Map<String, String> params = Map.of();
    Route route = null;
    for (Route r : routes) {
      Optional<Map<String, String>> match = r.path().match(call.path);
      if (match.isPresent()) {
        onPath.add(r);
        if (r.method().equals(call.method)) {
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
    call.route = route;
    String name = params.get("name");
    call.key = KeyName.isValid(name) ? name : null;
    if (route.access() != Access.PUBLIC) {
      call.identity =
          certificateIdentity(exchange)
              .or(() -> authenticator.authenticate(exchange.getRequestHeaders().getFirst("Authorization")))
              .orElseThrow(
                  () -> {
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                    return ApiError.UNAUTHENTICATED.exception();
                  });
      PolicySet current = policies.current();
      boolean allowed =
          route.access() == Access.ADMIN
              ? current.isAdmin(call.identity)
              : current.allows(call.identity, call.path);
      if (!allowed) {
        discard(exchange.getRequestBody());
        throw ApiError.NOT_AUTHORIZED.exception();
      }
    }
    byte[] body = readBody(exchange, route.maxBodyBytes());
    return route.handler().handle(new Call(params, body, call.identity));
  }

  /**
   * The identity of the client certificate the TLS handshake verified, if any: the SHA-256 of
   * its public key, as KES does. Only the leaf counts; the JDK has checked the chain against
   * the client CA bundle before any byte of the request was read.
   */
  private static Optional<Identity> certificateIdentity(HttpExchange exchange) {
    if (!(exchange instanceof HttpsExchange https) || https.getSSLSession() == null) {
      return Optional.empty();
    }
    try {
      Certificate[] chain = https.getSSLSession().getPeerCertificates();
      if (chain.length > 0 && chain[0] instanceof X509Certificate leaf) {
        return Optional.of(Identity.ofPublicKey(leaf.getPublicKey()));
      }
    } catch (SSLPeerUnverifiedException e) {
      // no client certificate on this connection: an API key may still identify the caller
    }
    return Optional.empty();
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
      send(exchange, error.status(), Json.error(error.code(), message), false, Reply.JSON);
    } catch (IOException e) {
      LOG.debug("could not send {} error: {}", error.code(), e.toString());
    }
    return error.status();
  }

  private static void send(
      HttpExchange exchange, int status, byte[] json, boolean secret, String contentType)
      throws IOException {
    try {
      exchange.getResponseHeaders().set("Content-Type", contentType);
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
