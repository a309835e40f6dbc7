package io.sealstream.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevPkiTest {
  @TempDir Path dir;

  @Test
  void firstEnsure_makesCaServerAndClients_keysPrivate_andTheNextReusesThem() throws Exception {
    // When
    DevPki pki = DevPki.ensure(dir, Clock.systemUTC(), List.of("pipeline", "admin"));
    // Then
    assertThat(pki.made()).hasSize(4);
    for (String key : List.of("ca-key.pem", "server-key.pem", "pipeline-key.pem", "admin-key.pem")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(key))))
          .as(key).isEqualTo("rw-------");
    }
    X509Certificate ca = PemReader.certificates(pki.caFile()).get(0);
    X509Certificate admin = pki.certificate("admin");
    admin.verify(ca.getPublicKey());
    assertThat(admin.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(pki.serverIdentity().chain()).hasSize(2);
    assertThat(pki.serverIdentity().certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(pki.clientContext("pipeline")).isNotNull();
    // And a second start changes nothing
    assertThat(DevPki.ensure(dir, Clock.systemUTC(), List.of("pipeline", "admin")).made()).isEmpty();
    assertThat(pki.certificate("admin")).isEqualTo(admin);
  }

  @Test
  void aLostCertificate_orANewCa_reissuesForTheSameKey_soTheIdentityStays() throws Exception {
    // Given
    DevPki pki = DevPki.ensure(dir, Clock.systemUTC(), List.of("pipeline"));
    X509Certificate before = pki.certificate("pipeline");
    // When
    Files.delete(dir.resolve("pipeline.pem"));
    Files.delete(dir.resolve("ca.pem"));
    DevPki again = DevPki.ensure(dir, Clock.systemUTC(), List.of("pipeline"));
    // Then
    assertThat(again.made()).hasSize(3); // ca, server (not signed by the new CA), pipeline
    X509Certificate after = again.certificate("pipeline");
    assertThat(after).isNotEqualTo(before);
    assertThat(after.getPublicKey()).isEqualTo(before.getPublicKey());
    after.verify(PemReader.certificates(again.caFile()).get(0).getPublicKey());
  }
}
