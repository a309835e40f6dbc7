package io.sealstream.launcher;

import io.sealstream.blobstore.FileBlobStore;
import io.sealstream.encryptor.EncryptorService;
import io.sealstream.encryptor.PlaintextTruncator;
import io.sealstream.ingest.Credentials;
import io.sealstream.ingest.GcPolicy;
import io.sealstream.ingest.IngestApi;
import io.sealstream.ingest.IngestConfig;
import io.sealstream.kafka.EmbeddedKafkaBroker;
import io.sealstream.kafka.Topics;
import io.sealstream.keymaterial.CustomerKeyTransit;
import io.sealstream.keymaterial.KeyLifecycleWatcher;
import io.sealstream.keymaterial.KeyServiceKeySource;
import io.sealstream.keyservice.client.HttpKeyServiceClient;
import io.sealstream.keyservice.client.KeyAlreadyExistsException;
import io.sealstream.schemas.AvroWireSerde;
import io.sealstream.schemas.InProcessSchemaRegistry;
import io.sealstream.schemas.SchemaRegistry;
import io.sealstream.storewriter.StoreWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one process: broker, key-service, encryptor, store-writer, the plaintext
 * truncator and (through {@link #startIngest}) the S3 front door, all on 127.0.0.1, all state
 * under one data directory, so a restart on the same directory keeps every object.
 *
 * <p>Data directory layout: {@code kafka/} broker log, {@code keys/} master keys (encrypted under
 * {@code root.key}), key-service's PKI ({@code kms-tls/}), policies, audit log and endpoint ({@link
 * StackKeyService}), {@code kafka-bootstrap} while running, {@code credentials} (S3 access and secret key),
 * {@code blobs/} ciphertext, {@code streams/} encryptor state, {@code tls/} the development
 * certificate ({@link S3Transport}). Secrets files are mode 0600.
 *
 * <p>Lifecycle: {@link #start} → {@link #close} (reverse order).
 */
final class Stack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Stack.class);
  static final String DEFAULT_MASTER_KEY = Services.DEFAULT_MASTER_KEY;
  static final String TRANSIT_MASTER_KEY = Services.TRANSIT_MASTER_KEY;
  static final String ENCRYPTOR_APP_ID = Services.ENCRYPTOR_APP_ID;

  /** The services that may run in this process or in their own. */
  enum Service {
    ENCRYPTOR,
    STORE_WRITER
  }

  final Path dataDir;
  final StackTopics topics = new StackTopics("sealstream.");
  final SchemaRegistry registry = InProcessSchemaRegistry.withPipelineSchemas();
  private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
  /** Where the running broker is, for {@code sealstream kms dependents}. */
  static final String KAFKA_BOOTSTRAP_FILE = "kafka-bootstrap";

  EmbeddedKafkaBroker broker;
  StackKeyService kms;
  KeyServiceKeySource keys;
  KeyLifecycleWatcher lifecycle;
  CustomerKeyTransit transit;
  FileBlobStore blobs;
  String accessKey;
  String secretKey;
  /** The S3 front door once {@link #startIngest} ran. */
  IngestApi ingest;

  private final java.util.Set<Service> inProcess;
  private final KeyCaching caching;

  private Stack(Path dataDir, java.util.Set<Service> inProcess, KeyCaching caching) {
    this.dataDir = dataDir;
    this.inProcess = java.util.Set.copyOf(inProcess);
    this.caching = java.util.Objects.requireNonNull(caching, "caching");
  }

  /** Starts everything but the S3 front door; returns once the pipeline runs. */
  static Stack start(Path dataDir) throws Exception {
    return start(dataDir, java.util.EnumSet.allOf(Service.class));
  }

  /**
   * Starts the broker, key-service and the truncator, and of the services only those in {@code
   * inProcess}; the others are expected to run as processes of their own.
   */
  static Stack start(Path dataDir, java.util.Set<Service> inProcess) throws Exception {
    return start(dataDir, inProcess, KeyCaching.DEFAULT);
  }

  /** As {@link #start(Path, java.util.Set)}, with the pipeline's key caches set as {@code caching}. */
  static Stack start(Path dataDir, java.util.Set<Service> inProcess, KeyCaching caching)
      throws Exception {
    Stack s = new Stack(dataDir, inProcess, caching);
    try {
      s.startAll();
      return s;
    } catch (Exception | Error e) {
      s.close();
      throw e;
    }
  }

  private void startAll() throws Exception {
    Files.createDirectories(dataDir);
    broker =
        EmbeddedKafkaBroker.builder()
            .dataDirectory(dataDir.resolve("kafka"))
            // segments wholly below a truncated log start are deleted at this interval
            .brokerProperty("log.retention.check.interval.ms", "10000")
            .build();
    broker.start();
    toClose.push(broker);
    LOG.info("Kafka broker at {}", broker.bootstrapServers());

    try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      Topics.createAndAwait(admin, topics.specs(), Duration.ofSeconds(60));
    }

    startKeyService();
    blobs = new FileBlobStore(dataDir.resolve("blobs"));
    String[] credentials = secretLines(dataDir.resolve("credentials"), 2);
    accessKey = credentials[0];
    secretKey = credentials[1];

    if (inProcess.contains(Service.ENCRYPTOR)) {
      EncryptorService encryptor =
          Services.encryptor(
              broker.bootstrapServers(), dataDir.resolve("streams"), topics, registry, keys);
      encryptor.start();
      toClose.push(encryptor);
    }
    if (inProcess.contains(Service.STORE_WRITER)) {
      StoreWriter writer = Services.storeWriter(broker.bootstrapServers(), topics, registry, blobs);
      Thread writerThread = new Thread(writer, "store-writer");
      writerThread.start();
      toClose.push(
          () -> {
            writer.close();
            writerThread.join(30_000);
          });
    }

    Admin truncatorAdmin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
    toClose.push(truncatorAdmin);
    PlaintextTruncator truncator =
        new PlaintextTruncator(truncatorAdmin, ENCRYPTOR_APP_ID, topics.chunks());
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "plaintext-truncator"));
    long every = PlaintextTruncator.defaultInterval().toMillis();
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            truncator.truncateOnce();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        },
        every,
        every,
        TimeUnit.MILLISECONDS);
    toClose.push(
        () -> {
          scheduler.shutdownNow();
          scheduler.awaitTermination(10, TimeUnit.SECONDS);
        });
  }

  private void startKeyService() throws IOException, InterruptedException {
    kms = StackKeyService.start(dataDir, broker.bootstrapServers(), topics);
    toClose.push(kms);
    HttpKeyServiceClient admin = kms.adminKeyClient();
    for (String name : List.of(DEFAULT_MASTER_KEY, TRANSIT_MASTER_KEY)) {
      try {
        admin.create(name).toCompletableFuture().join();
      } catch (CompletionException e) {
        if (!(e.getCause() instanceof KeyAlreadyExistsException)) {
          throw e;
        }
      }
    }
    keys = Services.keySource(kms.uri(), kms.pipelineTls(), caching);
    transit = new CustomerKeyTransit(keys, TRANSIT_MASTER_KEY);
    // an operator's disable, delete, rotate or seal reaches the caches at once, not after
    // their lifetimes
    lifecycle = KeyLifecycleWatcher.start(broker.bootstrapServers(), topics.kmsEvents(), keys);
    toClose.push(lifecycle);
    writeSmallFile(dataDir.resolve(KAFKA_BOOTSTRAP_FILE), broker.bootstrapServers());
    toClose.push(() -> Files.deleteIfExists(dataDir.resolve(KAFKA_BOOTSTRAP_FILE)));
  }

  /** Writes a small non-secret file atomically. */
  private static void writeSmallFile(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, content + "\n", StandardCharsets.US_ASCII);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Starts the S3 front door on {@code port} (0: any free port) over HTTPS with the development
   * certificate of {@code <data-dir>/tls/} and returns its endpoint.
   */
  URI startIngest(int port) throws Exception {
    return startIngest(port, S3Transport.devCertificate(dataDir));
  }

  /**
   * Starts the S3 front door on {@code port} (0: any free port) served as {@code transport} says
   * and returns its endpoint. Requests must be SigV4-signed with {@link #accessKey} / {@link
   * #secretKey}. SSE-C is accepted over TLS only, whatever the transport.
   */
  URI startIngest(int port, S3Transport transport) throws Exception {
    return startIngest(port, transport, GcPolicy.defaults());
  }

  /** As {@link #startIngest(int, S3Transport)}, with the given garbage collection policy. */
  URI startIngest(int port, S3Transport transport, GcPolicy gc) throws Exception {
    IngestConfig config =
        IngestConfig.of(
                broker.bootstrapServers(),
                topics.ingest(),
                blobs,
                keys,
                transit::wrap,
                registry)
            .withCredentials(Credentials.of(accessKey, secretKey));
    if (!config.requireTlsForSseC()) {
      throw new IllegalStateException("the stack must refuse SSE-C over plain HTTP");
    }
    if (transport.isTls()) {
      config = config.withTls(transport.tls());
    } else {
      LOG.warn("S3 endpoint on plain HTTP: SSE-C requests will be refused");
    }
    IngestApi api = new IngestApi(config).withGc(gc);
    api.start(port);
    toClose.push(api);
    ingest = api;
    return api.uri();
  }

  <T extends org.apache.avro.specific.SpecificRecord> AvroWireSerde<T> serde(Class<T> type) {
    return Services.serde(type, registry);
  }

  /**
   * Reads {@code n} secret lines from {@code file}, or makes them (random, 32 hex characters each)
   * and writes the file with mode 0600 when it does not exist.
   */
  static String[] secretLines(Path file, int n) throws IOException {
    if (Files.exists(file)) {
      String[] lines = Files.readString(file, StandardCharsets.US_ASCII).strip().split("\n");
      if (lines.length != n) {
        throw new IOException(file + " should hold " + n + " line(s)");
      }
      return lines;
    }
    SecureRandom random = new SecureRandom();
    String[] lines = new String[n];
    for (int i = 0; i < n; i++) {
      byte[] b = new byte[16];
      random.nextBytes(b);
      lines[i] = HexFormat.of().formatHex(b);
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, String.join("\n", lines) + "\n", StandardCharsets.US_ASCII);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return lines;
  }

  @Override
  public void close() {
    while (!toClose.isEmpty()) {
      AutoCloseable c = toClose.pop();
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("while stopping {}: {}", c.getClass().getSimpleName(), e.getMessage());
      } 
    }
  }
}
