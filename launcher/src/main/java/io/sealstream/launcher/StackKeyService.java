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
import io.sealstream.keyservice.client.HttpKeyServiceClient;
import io.sealstream.keyservice.client.KeyServiceAdminClient;
import io.sealstream.tls.DevPki;
import io.sealstream.tls.ServerTls;
import io.sealstream.tls.TlsConfigException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * key-service as the one-process stack runs it, all state under the data directory:
 *
 * <ul>
 *   <li>{@code root.key} and {@code keys/}: the encrypted file keystore (key files of both
 *       formats read);
 *   <li>{@code kms-tls/}: the development PKI ({@link DevPki}): a CA (its key kept, 0600), the
 *       server's certificate, and the client certificates {@code admin} (what {@code sealstream
 *       kms} presents) and {@code pipeline} (the stack's services, which may only generate and
 *       decrypt). key-service speaks HTTPS and requires one of them (mutual TLS); identities are
 *       the SHA-256 of the certificates' public keys. API keys are not accepted any more.
 *   <li>{@code kms-policies.json}: made on the first start with exactly those two identities,
 *       then the admin's to change ({@code sealstream kms policy set}); every start makes the
 *       admin the admin certificate and the {@code pipeline} policy name the pipeline certificate
 *       (which moves a data directory of the API-key era over, and follows a remade PKI);
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
  /** The admin's API key file of earlier versions: still read by {@code sealstream kms} as a fallback. */
  static final String ADMIN_API_KEY_FILE = "kms-api-key";
  static final String TLS_DIR = "kms-tls";
  static final String ADMIN = "admin";
  static final String PIPELINE = "pipeline";
  static final String POLICY_FILE = "kms-policies.json";
  static final String AUDIT_FILE = "kms-audit.log";
  static final String ENDPOINT_FILE = "kms-endpoint";
  /** What the pipeline's identity may call: data keys under any master key, nothing else. */
  static final List<String> PIPELINE_ROUTES = List.of("/v1/key/generate/*", "/v1/key/decrypt/*");

  private final Path dataDir;
  private final FileMasterKeyStore store;
  private final AuditSink audit;
  private final DevPki pki;
  private final ServerTls tls;
  private final PolicySet policies;
  private KeyServiceServer server;
  private int port;

  private StackKeyService(
      Path dataDir, FileMasterKeyStore store, AuditSink audit, DevPki pki, ServerTls tls, PolicySet policies) {
    this.dataDir = dataDir;
    this.store = store;
    this.audit = audit;
    this.pki = pki;
    this.tls = tls;
    this.policies = policies;
  }

  /** The PKI of {@code dataDir}'s key-service, made or renewed there as needed. */
  static DevPki pki(Path dataDir) throws IOException {
    try {
      DevPki pki = DevPki.ensure(dataDir.resolve(TLS_DIR), Clock.systemUTC(), List.of(PIPELINE, ADMIN));
      if (!pki.made().isEmpty()) {
        LOG.info("key-service PKI in {}: made {}", pki.dir(), pki.made());
      }
      return pki;
    } catch (TlsConfigException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** Opens the keystore and starts serving on a free loopback port. */
  static StackKeyService start(Path dataDir, String bootstrap, StackTopics topics) throws IOException {
    DevPki pki = pki(dataDir);
    ServerTls tls;
    Identity admin;
    Identity pipeline;
    try {
      tls = ServerTls.withClientAuth(pki.serverIdentity(), pki.trust());
      admin = Identity.ofPublicKey(pki.certificate(ADMIN).getPublicKey());
      pipeline = Identity.ofPublicKey(pki.certificate(PIPELINE).getPublicKey());
    } catch (TlsConfigException e) {
      throw new IOException(e.getMessage(), e);
    }
    PolicySet policies = policiesFor(dataDir.resolve(POLICY_FILE), admin, pipeline);
    Path rootFile = dataDir.resolve("root.key");
    RootKey root = Files.exists(rootFile) ? RootKey.fromFile(rootFile) : RootKey.generateTo(rootFile);
    FileMasterKeyStore store = FileMasterKeyStore.open(dataDir.resolve("keys"), root);
    AuditSink audit = null;
    try {
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
      StackKeyService kms = new StackKeyService(dataDir, store, audit, pki, tls, policies);
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
  static PolicySet initialPolicies(Identity admin, Identity pipeline) {
    return new PolicySet(admin, List.of(pipelinePolicy(List.of(), pipeline)));
  }

  private static Policy pipelinePolicy(List<PolicyRule> deny, Identity pipeline) {
    return new Policy(
        PIPELINE, PIPELINE_ROUTES.stream().map(PolicyRule::new).toList(), deny, Set.of(pipeline));
  }

  /**
   * The policies to serve: the file's, with the admin set to {@code admin} and the {@code
   * pipeline} policy naming {@code pipeline} alone (its rules kept; made if missing), rewritten
   * when that changed anything; the initial policies when there is no file.
   */
  static PolicySet policiesFor(Path file, Identity admin, Identity pipeline) throws IOException {
    if (!Files.exists(file)) {
      return initialPolicies(admin, pipeline);
    }
    PolicySet existing;
    try {
      existing = PolicySet.fromJson(Files.readAllBytes(file));
    } catch (IllegalArgumentException e) {
      throw new IOException("policies in " + file + " are invalid: " + e.getMessage(), e);
    }
    List<Policy> policies = new ArrayList<>();
    boolean hasPipeline = false;
    for (Policy p : existing.policies().values()) {
      if (p.name().equals(PIPELINE)) {
        hasPipeline = true;
        policies.add(new Policy(PIPELINE, p.allow(), p.deny(), Set.of(pipeline)));
      } else {
        // the two certificates' identities belong to the admin and the pipeline policy alone
        Set<Identity> others = new java.util.HashSet<>(p.identities());
        others.remove(admin);
        others.remove(pipeline);
        policies.add(new Policy(p.name(), p.allow(), p.deny(), others));
      }
    }
    if (!hasPipeline) {
      policies.add(pipelinePolicy(List.of(), pipeline));
    }
    PolicySet updated = new PolicySet(admin, policies);
    if (!Arrays.equals(updated.toJson(), existing.toJson())) {
      LOG.info("{}: admin and pipeline identities set to the certificates of {}", file, TLS_DIR);
      Path tmp = file.resolveSibling(POLICY_FILE + ".tmp");
      Files.write(tmp, updated.toJson());
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
    return updated;
  }

  private synchronized void serve(int onPort) throws IOException {
    server =
        KeyServiceServer.builder(store)
            .policies(policies)
            .policyFile(dataDir.resolve(POLICY_FILE))
            .audit(audit)
            .build()
            .start(onPort, tls);
    port = server.port();
    writeEndpoint(server.uri());
  }

  /** The base URI, e.g. {@code https://127.0.0.1:40123}; the same across {@link #restart}. */
  synchronized URI uri() {
    return URI.create("https://127.0.0.1:" + port);
  }

  /** The PKI: the CA clients trust, the server's and the clients' certificates. */
  DevPki pki() {
    return pki;
  }

  /** A TLS context presenting the admin's certificate. */
  SSLContext adminTls() throws IOException {
    return clientTls(ADMIN);
  }

  /** A TLS context presenting the pipeline's certificate. */
  SSLContext pipelineTls() throws IOException {
    return clientTls(PIPELINE);
  }

  private SSLContext clientTls(String name) throws IOException {
    try {
      return pki.clientContext(name);
    } catch (TlsConfigException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** An administration client presenting the admin's certificate. */
  KeyServiceAdminClient adminClient() throws IOException {
    return new KeyServiceAdminClient(uri(), null, Services.kmsHttpClient(adminTls()));
  }

  /** A data-key client presenting the admin's certificate (may call every key route). */
  HttpKeyServiceClient adminKeyClient() throws IOException {
    return new HttpKeyServiceClient(
        uri(), null, Services.kmsHttpClient(adminTls()), HttpKeyServiceClient.DEFAULT_TIMEOUT);
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
