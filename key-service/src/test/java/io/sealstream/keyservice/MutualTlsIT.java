package io.sealstream.keyservice;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealstream.keyservice.client.HttpKeyServiceClient;
import io.sealstream.keyservice.client.KeyServiceUnavailableException;
import io.sealstream.keyservice.client.NotAuthorizedException;
import io.sealstream.tls.DevCertificate;
import io.sealstream.tls.ServerTls;
import io.sealstream.tls.TrustBundle;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * key-service over mutual TLS: identities from client certificates' public keys (as KES), the
 * admin and policies naming them, and every way a connection without a good certificate fails.
 */
class MutualTlsIT {
  @TempDir Path dir;
  private FileMasterKeyStore store;
  private KeyServiceServer server;
  private DevCertificate serverCertificate;
  private ClientCertificates clientCa;
  private ClientCertificates.Client admin;
  private ClientCertificates.Client pipeline;
  private final List<AuditEvent> audit = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    serverCertificate = DevCertificate.ensure(dir.resolve("tls"), Clock.systemUTC());
    clientCa = new ClientCertificates("sealstream test client CA");
    admin = clientCa.issue("operator");
    pipeline = clientCa.issue("pipeline");
    PolicySet policies =
        new PolicySet(
            identityOf(admin),
            List.of(
                new Policy(
                    "pipeline",
                    List.of(new PolicyRule("/v1/key/generate/bucket-*"), new PolicyRule("/v1/key/decrypt/bucket-*")),
                    List.of(),
                    Set.of(identityOf(pipeline)))));
    store = FileMasterKeyStore.open(dir.resolve("keys"), RootKey.generateTo(dir.resolve("root.key")));
    server =
        KeyServiceServer.builder(store)
            .policies(policies)
            .audit(audit::add)
            .build()
            .start(
                0,
                ServerTls.withClientAuth(serverCertificate.identity(), TrustBundle.of(List.of(clientCa.ca))));
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  /** The KES identity, computed from the certificate's encoded SubjectPublicKeyInfo via BC. */
  private static Identity identityOf(ClientCertificates.Client client) throws Exception {
    byte[] spki = new JcaX509CertificateHolder(client.certificate()).getSubjectPublicKeyInfo().getEncoded();
    return new Identity(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki)));
  }

  private HttpKeyServiceClient client(SSLContext tls) {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(tls)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    return new HttpKeyServiceClient(server.uri(), null, http, Duration.ofSeconds(10));
  }

  private HttpKeyServiceClient clientOf(ClientCertificates.Client who) throws Exception {
    return client(ClientCertificates.context(who, serverCertificate.trust().trustManagers()));
  }

  private static Throwable failureOf(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().join();
    } catch (CompletionException e) {
      return e.getCause();
    }
    throw new AssertionError("stage completed normally");
  }

  @Test
  void identities_areThePublicKeyHashes_theAdminAndPoliciesNameThem() throws Exception {
    // When
    assertThat(server.uri().getScheme()).isEqualTo("https");
    clientOf(admin).create("bucket-a").toCompletableFuture().join();
    HttpKeyServiceClient pipelineClient = clientOf(pipeline);
    byte[] ciphertext =
        pipelineClient.generate("bucket-a", Map.of("b", "1")).toCompletableFuture().join().ciphertext();
    // Then
    assertThat(pipelineClient.decrypt("bucket-a", ciphertext, Map.of("b", "1")).toCompletableFuture().join())
        .isNotNull();
    assertThat(failureOf(pipelineClient.create("bucket-b"))).isInstanceOf(NotAuthorizedException.class);
    assertThat(audit)
        .extracting(AuditEvent::operation, AuditEvent::identity, AuditEvent::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("create", identityOf(admin).hex(), "ok"),
            org.assertj.core.groups.Tuple.tuple("generate", identityOf(pipeline).hex(), "ok"),
            org.assertj.core.groups.Tuple.tuple("decrypt", identityOf(pipeline).hex(), "ok"),
            org.assertj.core.groups.Tuple.tuple("create", identityOf(pipeline).hex(), "NotAuthorized"));
  }

  @Test
  void aRenewedCertificateWithTheSameKey_keepsItsIdentity() throws Exception {
    // Given
    ClientCertificates.Client renewed = clientCa.issue("operator renewed", admin.keys());
    // When / Then
    assertThat(renewed.certificate().getSerialNumber()).isNotEqualTo(admin.certificate().getSerialNumber());
    clientOf(renewed).create("bucket-renewed").toCompletableFuture().join();
    assertThat(audit.get(0).identity()).isEqualTo(identityOf(admin).hex());
  }

  @Test
  void noCertificate_aCertificateOfAnotherCa_orPlainHttp_neverGetAnAnswer() throws Exception {
    // Given
    ClientCertificates.Client stranger = new ClientCertificates("some other CA").issue("stranger");
    URI plain = URI.create(server.uri().toString().replace("https:", "http:"));
    // When / Then
    assertThat(failureOf(client(ClientCertificates.context(null, serverCertificate.trust().trustManagers()))
            .generate("bucket-a", Map.of())))
        .isInstanceOf(KeyServiceUnavailableException.class);
    assertThat(failureOf(clientOf(stranger).generate("bucket-a", Map.of())))
        .isInstanceOf(KeyServiceUnavailableException.class);
    assertThat(failureOf(new HttpKeyServiceClient(plain, "any-api-key-0123456789").generate("bucket-a", Map.of())))
        .isInstanceOf(KeyServiceUnavailableException.class);
    assertThat(audit).isEmpty();
  }
}
