package io.sealstream.ingest;

import io.sealstream.schemas.AvroWireSerde;
import io.sealstream.schemas.BucketRecord;
import io.sealstream.schemas.ChunkRecord;
import io.sealstream.tls.ServerTls;
import java.net.URI;
import io.sealstream.schemas.ObjectEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The S3 front door: Jetty 12 core handlers on 127.0.0.1, a {@link ManifestView} over {@code
 * objects} and {@code buckets}, and one idempotent producer. Topics must exist before {@link
 * #start} ({@link IngestTopics#specs}). HTTPS when the config has {@link IngestConfig#tls}, else
 * plain HTTP.
 *
 * <p>Lifecycle: construct, {@link #start} once, {@link #close} once. Thread-safe after start.
 */
public final class IngestApi implements AutoCloseable {
  private static final Duration VIEW_CATCH_UP = Duration.ofSeconds(60);

  private final IngestConfig config;
  private GcPolicy gcPolicy = GcPolicy.defaults();
  private GarbageCollector gc;
  private java.util.concurrent.ScheduledExecutorService gcTimer;
  private ManifestView view;
  private UploadsView uploads;
  private Publisher publisher;
  private Server server;
  private ServerConnector connector;

  public IngestApi(IngestConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Sets the garbage collection policy (before {@link #start}); the default is {@link GcPolicy#defaults}. */
  public synchronized IngestApi withGc(GcPolicy policy) {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    this.gcPolicy = java.util.Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * Runs one garbage collection pass now. A blob is deleted by the second pass that finds it
   * unreferenced, so tests call this twice.
   */
  public GcReport collectGarbage() throws Exception {
    GarbageCollector collector;
    synchronized (this) {
      if (gc == null) {
        throw new IllegalStateException("not started");
      }
      collector = gc;
    }
    return collector.pass();
  }

  /** Starts listening on 127.0.0.1:{@code port} (0 = any free port) once the view caught up. */
  public synchronized IngestApi start(int port) throws Exception {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    try {
      view = new ManifestView(config.bootstrapServers(), config.topics(), config.registry());
      view.start(VIEW_CATCH_UP);
      uploads = new UploadsView(config.bootstrapServers(), config.topics(), config.registry());
      uploads.start(VIEW_CATCH_UP);
      publisher = new Publisher(config.bootstrapServers(), config.producerOverrides());
      BucketHandlers buckets =
          new BucketHandlers(view, publisher, config.topics().buckets(),
              new AvroWireSerde<>(BucketRecord.class, config.registry()), config.putTimeout());
      ObjectReader reader = new ObjectReader(config.blobStore(), config.keySource());
      ChunkStreamer streamer = new ChunkStreamer(publisher, config.topics().chunks(),
          new AvroWireSerde<>(ChunkRecord.class, config.registry()));
      WriteKeys writeKeys = new WriteKeys(config.keySource(), config.customerKeys());
      CopySources copySources = new CopySources(view, reader);
      ObjectWriter writer = new ObjectWriter(view, streamer, writeKeys, config.putTimeout());
      CopyHandler copies = new CopyHandler(view, reader, writer, copySources, publisher, config,
          config.registry());
      ObjectHandlers objects =
          new ObjectHandlers(view, publisher, reader, writer, copies, config, config.registry());
      MultipartHandlers multipart =
          new MultipartHandlers(view, uploads, publisher, reader, streamer, writeKeys, copySources,
              config, config.registry());
      List<Route> routes = new ArrayList<>();
      routes.addAll(buckets.routes());
      routes.addAll(objects.routes());
      routes.addAll(multipart.routes());
      routes.addAll(new ListObjectsHandler(view, reader).routes());
      routes.addAll(new BucketEncryptionHandlers(view, publisher, config.topics().buckets(),
          new AvroWireSerde<>(BucketRecord.class, config.registry()), config.keySource(),
          config.putTimeout()).routes());
      routes.addAll(new DeleteObjectsHandler(view, new ObjectDeletion(view, publisher, config.topics(),
          new AvroWireSerde<>(ObjectEvent.class, config.registry()), config.putTimeout())).routes());

      QueuedThreadPool threads = new QueuedThreadPool(200, 8);
      threads.setName("ingest-api-http");
      server = new Server(threads);
      HttpConfiguration http = new HttpConfiguration();
      http.setSendServerVersion(false);
      http.setSendXPoweredBy(false);
      // Object keys are arbitrary: "a//b", "%2F", "..": the router decodes the raw path itself
      // and never maps it to a file.
      http.setUriCompliance(UriCompliance.UNSAFE);
      // Header values must reach SigV4 exactly as signed. Jetty's parser swaps a value for a
      // cached well-known one that matches ignoring case ("text/plain; charset=UTF-8" arrived
      // as "...utf-8"), which broke the signature of every such request: match case-sensitively
      // so a cached value is only ever the same bytes.
      http.setHeaderCacheCaseSensitive(true);
      // No per-connection header cache: Jetty caches Authorization (and User-Agent) values per
      // connection, but a SigV4 Authorization differs on every request, so each request walked
      // the cache ~200 characters deep, missed, added its own and soon cleared the lot. It was
      // the largest single cost of a small GET (benchmarks.md); the static cache of well-known
      // headers stays.
      http.setHeaderCacheSize(0);
      connector = new ServerConnector(server, connectionFactories(http, config.tls()));
      connector.setHost("127.0.0.1");
      connector.setPort(port);
      server.addConnector(connector);
      SigV4Verifier verifier =
          config.credentials().enabled()
              ? new SigV4Verifier(config.credentials()::secret, Clock.systemUTC())
              : null;
      server.setHandler(new Router(routes, verifier));
      server.start();
      gc = new GarbageCollector(view, uploads, config.blobStore(), publisher, config.topics(),
          gcPolicy, Clock.systemUTC());
      if (gcPolicy.enabled()) {
        gcTimer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "ingest-api-gc");
          t.setDaemon(true);
          return t;
        });
        long every = gcPolicy.interval().toMillis();
        gcTimer.scheduleWithFixedDelay(this::scheduledGc, every, every,
            java.util.concurrent.TimeUnit.MILLISECONDS);
      }
      return this;
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  /**
   * HTTP/1.1, behind TLS when {@code tls} is given. Then requests report {@code isSecure()},
   * which is what lets SSE-C through ({@link IngestConfig#requireTlsForSseC}).
   */
  private static ConnectionFactory[] connectionFactories(HttpConfiguration http, ServerTls tls) {
    if (tls == null) {
      return new ConnectionFactory[] {new HttpConnectionFactory(http)};
    }
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setSslContext(tls.sslContext());
    ssl.setIncludeProtocols(tls.protocols().toArray(new String[0]));
    ssl.setNeedClientAuth(tls.clientAuthRequired());
    http.setSecureScheme("https");
    // One certificate answers every name, so there is no SNI-to-Host mismatch to police; the
    // check would only refuse clients that reach us by an address the certificate names.
    http.addCustomizer(new SecureRequestCustomizer(false));
    return new ConnectionFactory[] {
      new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http)
    };
  }

  /** The endpoint: {@code https://127.0.0.1:port} with TLS, else {@code http://…}. */
  public synchronized URI uri() {
    return URI.create((config.tls() == null ? "http" : "https") + "://127.0.0.1:" + port());
  }

  /** The port listened on. */
  public synchronized int port() {
    if (connector == null) {
      throw new IllegalStateException("not started");
    }
    return connector.getLocalPort();
  }

  private void scheduledGc() {
    try {
      collectGarbage();
    } catch (Exception | Error e) {
      // the next pass tries again; nothing is deleted by a pass that failed
      org.slf4j.LoggerFactory.getLogger(IngestApi.class).warn("garbage collection failed: {}", e.toString());
    }
  }

  @Override
  public synchronized void close() {
    if (gcTimer != null) {
      gcTimer.shutdownNow();
      gcTimer = null;
    }
    if (server != null) {
      try {
        server.stop();
      } catch (Exception e) {
        // closing anyway
      }
      server = null;
    }
    if (publisher != null) {
      publisher.close();
      publisher = null;
    }
    if (uploads != null) {
      uploads.close();
      uploads = null;
    }
    if (view != null) {
      view.close();
      view = null;
    }
  }
}
