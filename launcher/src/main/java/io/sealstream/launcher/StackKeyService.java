package io.sealstream.launcher;

import io.sealstream.keyservice.AuditSink;
import io.sealstream.keyservice.FileAuditLog;
import io.sealstream.keyservice.FileMasterKeyStore;
import io.sealstream.keyservice.Identity;
import io.sealstream.keyservice.KafkaAuditSink;
import io.sealstream.keyservice.KeyServiceServer;
import io.sealstream.keyservice.Policy;
import io.sealstream.keyservice.PolicyRule;
import io.sealstream.keyservice.PolicySet;
import io.sealstream.keyservice.RootKey;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * key-service as the one-process stack runs it, all state under the data directory:
 *
 * <ul>
 *   <li>{@code root.key} and {@code keys/}: the encrypted file keystore (key files of both
 *       formats read);
 *   <li>{@code kms-api-key}: the admin's API key (what {@code sealstream kms} presents);
 *       {@code kms-pipeline-api-key}: the pipeline's, which may only generate and decrypt;
 *   <li>{@code kms-policies.json}: made on the first start with exactly those two identities,
 *       then the admin's to change ({@code sealstream kms policy set});
 *   <li>{@code kms-audit.log}: every call, before its answer leaves; the same records on the
 *       audit topic, and the successful lifecycle changes also on the events topic, which the
 *       pipeline's caches watch;
 *   <li>{@code kms-endpoint}: the base URI while it runs, so {@code sealstream kms} needs no
 *       flags.
 * </ul>
 *
 * {@link #stop} and {@link #restart} (same port) let tests cut key-service off while the rest of
 * the stack runs.
 */
final class StackKeyService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StackKeyService.class);
  static final String ADMIN_API_KEY_FILE = "kms-api-key";
  static final String PIPELINE_API_KEY_FILE = "kms-pipeline-api-key";
  static final String POLICY_FILE = "kms-policies.json";
  static final String AUDIT_FILE = "kms-audit.log";
  static final String ENDPOINT_FILE = "kms-endpoint";
  /** What the pipeline's identity may call: data keys under any master key, nothing else. */
  static final List<String> PIPELINE_ROUTES = List.of("/v1/key/generate/*", "/v1/key/decrypt/*");

  private final Path dataDir;
  private final FileMasterKeyStore store;
  private final AuditSink audit;
  private final String adminApiKey;
  private final String pipelineApiKey;
  private KeyServiceServer server;
  private int port;

  private StackKeyService(
      Path dataDir, FileMasterKeyStore store, AuditSink audit, String adminApiKey, String pipelineApiKey) {
    this.dataDir = dataDir;
    this.store = store;
    this.audit = audit;
    this.adminApiKey = adminApiKey;
    this.pipelineApiKey = pipelineApiKey;
  }

  /** Opens the keystore and starts serving on a free loopback port. */
  static StackKeyService start(Path dataDir, String bootstrap, StackTopics topics) throws IOException {
    Path rootFile = dataDir.resolve("root.key");
    RootKey root = Files.exists(rootFile) ? RootKey.fromFile(rootFile) : RootKey.generateTo(rootFile);
    FileMasterKeyStore store = FileMasterKeyStore.open(dataDir.resolve("keys"), root);
    AuditSink audit = null;
    try {
      String admin = Stack.secretLines(dataDir.resolve(ADMIN_API_KEY_FILE), 1)[0];
      String pipeline = Stack.secretLines(dataDir.resolve(PIPELINE_API_KEY_FILE), 1)[0];
      audit =
          AuditSink.all(
              List.of(
                  // the record of truth first: if it cannot be written, the answer is withheld
                  FileAuditLog.open(dataDir.resolve(AUDIT_FILE)),
                  KafkaAuditSink.create(bootstrap, topics.kmsAudit(), Map.of()),
                  AuditSink.only(
                      AuditSink::lifecycleChanges,
                      KafkaAuditSink.create(
                          bootstrap,
                          topics.kmsEvents(),
                          Map.of("client.id", "sealstream-key-service-events")))));
      StackKeyService kms = new StackKeyService(dataDir, store, audit, admin, pipeline);
      kms.serve(0);
      return kms;
    } catch (IOException | RuntimeException e) {
      if (audit != null) {
        audit.close();
      }
      store.close();
      throw e;
    }
  }

  /** The policies of a new stack: the admin, and the pipeline restricted to data keys. */
  static PolicySet initialPolicies(String adminApiKey, String pipelineApiKey) {
    return new PolicySet(
        Identity.ofApiKey(adminApiKey),
        List.of(
            new Policy(
                "pipeline",
                PIPELINE_ROUTES.stream().map(PolicyRule::new).toList(),
                List.of(),
                Set.of(Identity.ofApiKey(pipelineApiKey)))));
  }

  private synchronized void serve(int onPort) throws IOException {
    server =
        KeyServiceServer.builder(store)
            .apiKeys(List.of(adminApiKey, pipelineApiKey))
            .policies(initialPolicies(adminApiKey, pipelineApiKey))
            .policyFile(dataDir.resolve(POLICY_FILE))
            .audit(audit)
            .build()
            .start(onPort);
    port = server.port();
    writeEndpoint(server.uri());
  }

  /** The base URI, e.g. {@code http://127.0.0.1:40123}; the same across {@link #restart}. */
  synchronized URI uri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  String adminApiKey() {
    return adminApiKey;
  }

  String pipelineApiKey() {
    return pipelineApiKey;
  }

  /** How many calls of {@code operation} ended in {@code outcome}, by this server instance. */
  synchronized long callCount(String operation, String outcome) {
    return server == null ? 0 : server.callCount(operation, outcome);
  }

  /** Stops answering (an outage): the port is closed, the keystore and audit stay open. */
  synchronized void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** Serves again on the same port after {@link #stop}. */
  synchronized void restart() throws IOException {
    if (server == null) {
      serve(port);
    }
  }

  private void writeEndpoint(URI uri) throws IOException {
    Path file = dataDir.resolve(ENDPOINT_FILE);
    Path tmp = file.resolveSibling(ENDPOINT_FILE + ".tmp");
    Files.writeString(tmp, uri + "\n");
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public synchronized void close() {
    stop();
    try {
      Files.deleteIfExists(dataDir.resolve(ENDPOINT_FILE));
    } catch (IOException e) {
      LOG.warn("could not remove {}: {}", ENDPOINT_FILE, e.getMessage());
    }
    try {
      audit.close();
    } finally {
      store.close();
    }
  }
}
