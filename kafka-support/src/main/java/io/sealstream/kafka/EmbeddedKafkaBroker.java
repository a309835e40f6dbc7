package io.sealstream.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node Kafka (KRaft, broker and controller in one) running inside this JVM, listening
 * on 127.0.0.1 only. {@code ./sealstream up} runs one for the dev stack; tests get one through
 * {@code io.sealstream.kafka.testing.KafkaExtension}.
 *
 * <p>Lifecycle: {@link #builder()} → {@link #start()} (formats the data directory if it holds no
 * {@code meta.properties}, starts, and returns once a client can describe the cluster) → {@link
 * #close()} (controlled shutdown, waits for it, and deletes the directory if it was temporary).
 * One instance starts once; to restart, build a new one on the same data directory. {@code
 * start} and {@code close} are synchronized; the accessors are safe from any thread.
 *
 * <p>It is a real broker with the settings of {@link #SINGLE_NODE_SETTINGS}: topics are never
 * auto-created, so create them with {@link Topics#createAndAwait}. Kafka's broker halts the JVM
 * on a fatal metadata fault, as a standalone broker process would exit.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  /**
   * Settings every single-node broker of the project needs (kafka-lab.md §1.1, §3): internal
   * topics default to replication factor 3 and cannot be created on one node otherwise, which
   * silently stops consumer groups and exactly-once. Also used for the Testcontainers broker.
   */
  public static final Map<String, String> SINGLE_NODE_SETTINGS =
      orderedMap(
          "offsets.topic.replication.factor", "1",
          "transaction.state.log.replication.factor", "1",
          "transaction.state.log.min.isr", "1",
          "share.coordinator.state.topic.replication.factor", "1",
          "share.coordinator.state.topic.min.isr", "1",
          "min.insync.replicas", "1",
          "group.initial.rebalance.delay.ms", "0",
          "message.max.bytes", "2097152",
          "replica.fetch.max.bytes", "2097152",
          "auto.create.topics.enable", "false");

  /**
   * An embedded broker shares its heap with the services of its process, so it must not take
   * what a standalone broker may: the log cleaner's dedupe map alone is a 128 MiB heap buffer by
   * default (our compacted topics hold one record per object or upload, which 16 MiB indexes
   * ~700,000 at a time), and requests read off the sockets are held without bound unless the
   * request pool is bounded (then the broker stops reading until memory frees: backpressure).
   * Measured in docs/benchmarks.md, "A 10 GiB object in 256 MiB heaps".
   */
  public static final Map<String, String> SHARED_HEAP_SETTINGS =
      orderedMap(
          "log.cleaner.dedupe.buffer.size", String.valueOf(16 << 20),
          // no request of ours comes near 16 MiB: records are ≤ 2 MiB (message.max.bytes)
          "socket.request.max.bytes", String.valueOf(16 << 20),
          "queued.max.request.bytes", String.valueOf(16 << 20));

  private static final int NODE_ID = 1;
  private static final String HOST = "127.0.0.1";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final String META_PROPERTIES = "meta.properties";

  private enum State { NEW, RUNNING, CLOSED }

  private final Path dataDirectory;
  private final boolean temporary;
  private final int brokerPort;
  private final int controllerPort;
  private final Map<String, String> overrides;
  private final Duration startupTimeout;
  private final boolean quietLogging;

  private State state = State.NEW;
  private KafkaRaftServer server;
  private volatile String clusterId;

  private EmbeddedKafkaBroker(Builder builder, Path dataDirectory, boolean temporary) {
    this.dataDirectory = dataDirectory;
    this.temporary = temporary;
    this.brokerPort = builder.brokerPort == 0 ? freePort() : builder.brokerPort;
    int controller = builder.controllerPort == 0 ? freePort() : builder.controllerPort;
    while (controller == brokerPort) {
      controller = freePort();
    }
    this.controllerPort = controller;
    this.overrides = Map.copyOf(builder.overrides);
    this.startupTimeout = builder.startupTimeout;
    this.quietLogging = builder.quietLogging;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Formats the data directory when it is new, starts the node and waits until it serves
   * clients.
   *
   * @throws IllegalStateException if this instance was started before
   * @throws KafkaException if the node could not start (a port in use, say) or did not become
   *     ready within the startup timeout; it is shut down again, a temporary directory deleted
   */
  public synchronized void start() {
    if (state != State.NEW) {
      throw new IllegalStateException("broker can start once, it is " + state);
    }
    state = State.RUNNING;
    if (quietLogging) {
      BrokerLogging.quiet();
    }
    try {
      Properties props = serverProperties();
      createDirectories(dataDirectory);
      if (!Files.exists(dataDirectory.resolve(META_PROPERTIES))) {
        format();
      }
      server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      server.startup();
      clusterId = awaitReady();
    } catch (RuntimeException e) {
      RuntimeException failure =
          e instanceof InterruptException
              ? e
              : new KafkaException(
                  "embedded Kafka broker (" + bootstrapServers() + ", controller port "
                      + controllerPort + ", " + dataDirectory + ") did not start: "
                      + rootCause(e),
                  e);
      try {
        close();
      } catch (RuntimeException suppressed) {
        failure.addSuppressed(suppressed);
      }
      throw failure;
    }
  }

  /** {@code 127.0.0.1:port} of the client listener, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return HOST + ":" + brokerPort;
  }

  public int brokerPort() {
    return brokerPort;
  }

  public int controllerPort() {
    return controllerPort;
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  /** The cluster id in {@code meta.properties}; stays the same across restarts on one directory. */
  public String clusterId() {
    String id = clusterId;
    if (id == null) {
      throw new IllegalStateException("broker has not started");
    }
    return id;
  }

  /**
   * Controlled shutdown, waiting until every broker and controller thread has stopped; then
   * deletes the data directory if it was temporary. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    try {
      if (server != null) {
        server.shutdown();
        server.awaitShutdown();
      }
    } finally {
      server = null;
      if (temporary) {
        deleteRecursively(dataDirectory);
      }
    }
  }

  @Override
  public String toString() {
    return "EmbeddedKafkaBroker[" + bootstrapServers() + ", " + dataDirectory + ", " + state + "]";
  }

  private Properties serverProperties() {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("process.roles", "broker,controller");
    props.put("node.id", Integer.toString(NODE_ID));
    props.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    props.put("listeners",
        "PLAINTEXT://" + HOST + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
    props.put("controller.listener.names", CONTROLLER_LISTENER);
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("listener.security.protocol.map", CONTROLLER_LISTENER + ":PLAINTEXT,PLAINTEXT:PLAINTEXT");
    props.put("log.dirs", dataDirectory.toAbsolutePath().toString());
    props.putAll(SINGLE_NODE_SETTINGS);
    props.putAll(SHARED_HEAP_SETTINGS);
    props.putAll(overrides);
    Properties properties = new Properties();
    properties.putAll(props);
    return properties;
  }

  /**
   * Static quorum (controller.quorum.voters), so no --standalone / initial controllers: the two
   * don't mix (kafka-lab.md §1.1), and the voter's port may change between restarts.
   */
  private void format() {
    String dir = dataDirectory.toAbsolutePath().toString();
    try (PrintStream silent = new PrintStream(OutputStream.nullOutputStream())) {
      new Formatter()
          .setPrintStream(silent)
          .setClusterId(Uuid.randomUuid().toString())
          .setNodeId(NODE_ID)
          .addDirectory(dir)
          .setMetadataLogDirectory(dir)
          .setControllerListenerName(CONTROLLER_LISTENER)
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .run();
    } catch (Exception e) {
      throw new KafkaException("formatting " + dir + " failed: " + e.getMessage(), e);
    }
  }

  /** Ready means a client can describe the cluster and sees this node as an unfenced broker. */
  private String awaitReady() {
    long end = System.nanoTime() + startupTimeout.toNanos();
    Map<String, Object> config =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            AdminClientConfig.CLIENT_ID_CONFIG, "sealstream-embedded-readiness");
    Exception last = null;
    try (Admin admin = Admin.create(config)) {
      while (System.nanoTime() < end) {
        long leftMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()));
        DescribeClusterResult cluster =
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) Math.min(leftMs, 10_000)));
        try {
          if (cluster.nodes().get().stream().anyMatch(node -> node.id() == NODE_ID)) {
            return cluster.clusterId().get();
          }
        } catch (ExecutionException e) {
          last = e;
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    }
    throw new KafkaException(
        "embedded broker at " + bootstrapServers() + " not ready within " + startupTimeout, last);
  }

  private static Throwable rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static void createDirectories(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("creating data directory " + directory + " failed", e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + HOST, e);
    }
  }

  private static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("deleting " + root + " failed", e);
    }
  }

  private static Map<String, String> orderedMap(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }

  /** Options of an {@link EmbeddedKafkaBroker}; not thread-safe. */
  public static final class Builder {
    private Path dataDirectory;
    private int brokerPort;
    private int controllerPort;
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private Duration startupTimeout = Duration.ofSeconds(60);
    private boolean quietLogging = true;

    private Builder() {}

    /**
     * Keep the broker's data here, across restarts: formatted only when it holds no {@code
     * meta.properties}, never deleted. Without it, a temporary directory is used and deleted on
     * close.
     */
    public Builder dataDirectory(Path directory) {
      this.dataDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** Port of the client listener; 0 (the default) picks a free one. */
    public Builder brokerPort(int port) {
      this.brokerPort = checkPort(port);
      return this;
    }

    /** Port of the KRaft controller listener; 0 (the default) picks a free one. */
    public Builder controllerPort(int port) {
      this.controllerPort = checkPort(port);
      return this;
    }

    /** A broker setting on top of (and overriding) {@link #SINGLE_NODE_SETTINGS}. */
    public Builder brokerProperty(String key, String value) {
      overrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** How long {@link #start()} may take before it gives up; default 60 s. */
    public Builder startupTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("startup timeout must be positive, was " + timeout);
      }
      this.startupTimeout = timeout;
      return this;
    }

    /**
     * Whether to set Kafka's loggers to WARN when the application's log4j2 configuration does
     * not name them; default true. The broker's INFO output is several hundred lines per start.
     */
    public Builder quietLogging(boolean quiet) {
      this.quietLogging = quiet;
      return this;
    }

    public EmbeddedKafkaBroker build() {
      if (dataDirectory != null) {
        return new EmbeddedKafkaBroker(this, dataDirectory, false);
      }
      try {
        return new EmbeddedKafkaBroker(this, Files.createTempDirectory("sealstream-kafka-"), true);
      } catch (IOException e) {
        throw new UncheckedIOException("creating a temporary data directory failed", e);
      }
    }

    private static int checkPort(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be 0 (any free port) to 65535, was " + port);
      }
      return port;
    }
  }
}
