package io.sealstream.ingest;

import io.sealstream.schemas.AvroWireSerde;
import io.sealstream.schemas.BucketRecord;
import io.sealstream.schemas.ChunkRecord;
import io.sealstream.schemas.ObjectEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The S3 front door: Jetty 12 core handlers on 127.0.0.1, a {@link ManifestView} over {@code
 * objects} and {@code buckets}, and one idempotent producer. Topics must exist before {@link
 * #start} ({@link IngestTopics#specs}).
 *
 * <p>Lifecycle: construct, {@link #start} once, {@link #close} once. Thread-safe after start.
 */
public final class IngestApi implements AutoCloseable {
  private static final Duration VIEW_CATCH_UP = Duration.ofSeconds(60);

  private final IngestConfig config;
  private ManifestView view;
  private Publisher publisher;
  private Server server;
  private ServerConnector connector;

  public IngestApi(IngestConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Starts listening on 127.0.0.1:{@code port} (0 = any free port) once the view caught up. */
  public synchronized IngestApi start(int port) throws Exception {
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    try {
      view = new ManifestView(config.bootstrapServers(), config.topics(), config.registry());
      view.start(VIEW_CATCH_UP);
      publisher = new Publisher(config.bootstrapServers(), config.producerOverrides());
      BucketHandlers buckets =
          new BucketHandlers(view, publisher, config.topics().buckets(),
              new AvroWireSerde<>(BucketRecord.class, config.registry()), config.putTimeout());
      ObjectReader reader = new ObjectReader(config.blobStore(), config.keySource());
      ChunkStreamer streamer = new ChunkStreamer(publisher, config.topics().chunks(),
          new AvroWireSerde<>(ChunkRecord.class, config.registry()));
      ObjectHandlers objects =
          new ObjectHandlers(view, publisher, reader, streamer, config, config.registry());
      List<Route> routes = new ArrayList<>();
      routes.addAll(buckets.routes());
      routes.addAll(objects.routes());
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
      connector = new ServerConnector(server, new HttpConnectionFactory(http));
      connector.setHost("127.0.0.1");
      connector.setPort(port);
      server.addConnector(connector);
      SigV4Verifier verifier =
          config.credentials().enabled()
              ? new SigV4Verifier(config.credentials()::secret, Clock.systemUTC())
              : null;
      server.setHandler(new Router(routes, verifier));
      server.start();
      return this;
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  /** The port listened on. */
  public synchronized int port() {
    if (connector == null) {
      throw new IllegalStateException("not started");
    }
    return connector.getLocalPort();
  }

  @Override
  public synchronized void close() {
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
    if (view != null) {
      view.close();
      view = null;
    }
  }
}
