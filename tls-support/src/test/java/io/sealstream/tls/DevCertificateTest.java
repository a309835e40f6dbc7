package io.sealstream.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevCertificateTest {
  @TempDir Path dataDir;

  private Path tls() {
    return dataDir.resolve("tls");
  }

  @Test
  void firstStart_writesChainKeyAndCa_keyOwnerOnly_noTemporaryFilesLeft() throws Exception {
    DevCertificate dev = DevCertificate.ensure(tls(), Clock.systemUTC());

    assertThat(dev.generated()).isTrue();
    assertThat(dev.generatedBecause()).isEqualTo("none existed");
    assertThat(dev.certFile()).isEqualTo(tls().resolve("cert.pem"));
    assertThat(dev.keyFile()).isEqualTo(tls().resolve("key.pem"));
    assertThat(dev.caFile()).isEqualTo(tls().resolve("ca.pem"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dev.keyFile())))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls())))
        .isEqualTo("rwx------");
    try (Stream<Path> files = Files.list(tls())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("cert.pem", "key.pem", "ca.pem");
    }
  }

  @Test
  void leaf_isEcP256_forLocalhostAndLoopback_signedByTheCa_validAYear() throws Exception {
    Instant now = Instant.now();
    DevCertificate dev = DevCertificate.ensure(tls(), Clock.fixed(now, ZoneOffset.UTC));
    List<X509Certificate> chain = dev.identity().chain();
    X509Certificate leaf = chain.get(0);
    X509Certificate ca = dev.trust().certificates().get(0);

    assertThat(chain).containsExactly(leaf, ca);
    leaf.verify(ca.getPublicKey());
    assertThat(leaf.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(leaf.getPublicKey().toString()).contains("secp256r1");
    List<String> names = new ArrayList<>();
    for (List<?> san : leaf.getSubjectAlternativeNames()) {
      names.add(san.get(0) + ":" + san.get(1));
    }
    // 2 = dNSName, 7 = iPAddress; the JDK spells ::1 in full
    assertThat(names).containsExactlyInAnyOrder("2:localhost", "7:127.0.0.1", "7:0:0:0:0:0:0:0:1");
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    assertThat(ca.getBasicConstraints()).isEqualTo(0);
    assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(dev.notAfter()).isEqualTo(leaf.getNotAfter().toInstant());
    // X.509 times have whole seconds
    assertThat(dev.notAfter()).isEqualTo(now.plus(Duration.ofDays(365)).truncatedTo(ChronoUnit.SECONDS));
  }

  @Test
  void secondStart_reusesTheSameCertificate() throws Exception {
    DevCertificate first = DevCertificate.ensure(tls(), Clock.systemUTC());
    byte[] cert = Files.readAllBytes(first.certFile());
    byte[] key = Files.readAllBytes(first.keyFile());

    DevCertificate second = DevCertificate.ensure(tls(), Clock.systemUTC());

    assertThat(second.generated()).isFalse();
    assertThat(second.generatedBecause()).isNull();
    assertThat(Files.readAllBytes(second.certFile())).isEqualTo(cert);
    assertThat(Files.readAllBytes(second.keyFile())).isEqualTo(key);
    assertThat(second.identity().certificate()).isEqualTo(first.identity().certificate());
  }

  @Test
  void expiredCertificate_isReplaced() throws Exception {
    Clock twoYearsAgo = Clock.fixed(Instant.now().minus(Duration.ofDays(730)), ZoneOffset.UTC);
    DevCertificate old = DevCertificate.ensure(tls(), twoYearsAgo);

    DevCertificate renewed = DevCertificate.ensure(tls(), Clock.systemUTC());

    assertThat(renewed.generated()).isTrue();
    assertThat(renewed.generatedBecause()).startsWith("the certificate expires ");
    assertThat(renewed.notAfter()).isAfter(old.notAfter().plus(Duration.ofDays(700)));
    assertThat(renewed.identity().certificate().getNotAfter().toInstant()).isAfter(Instant.now());
  }

  @Test
  void missingKey_replacesAllThree() throws Exception {
    DevCertificate first = DevCertificate.ensure(tls(), Clock.systemUTC());
    X509Certificate before = first.identity().certificate();
    X509Certificate caBefore = first.trust().certificates().get(0);
    Files.delete(first.keyFile());

    DevCertificate second = DevCertificate.ensure(tls(), Clock.systemUTC());

    assertThat(second.generatedBecause()).isEqualTo(first.keyFile() + " was missing");
    assertThat(second.identity().certificate()).isNotEqualTo(before);
    assertThat(second.trust().certificates().get(0)).isNotEqualTo(caBefore);
    assertThat(second.identity().chain().get(1)).isEqualTo(second.trust().certificates().get(0));
  }

  @Test
  void damagedCertificate_isReplaced() throws Exception {
    DevCertificate first = DevCertificate.ensure(tls(), Clock.systemUTC());
    Files.writeString(first.certFile(), "garbage");

    DevCertificate second = DevCertificate.ensure(tls(), Clock.systemUTC());

    assertThat(second.generatedBecause()).startsWith(first.certFile() + ": ");
    assertThat(second.identity().chain()).hasSize(2);
  }
}
