package io.sealstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sealstream up}'s TLS options, checked before anything starts, and its banner. The stack
 * itself runs in the ITs.
 */
class UpCommandTest {
  @TempDir Path dir;

  @Test
  void certWithoutKey_isAUsageError_beforeAnythingStarts() {
    Path data = dir.resolve("data");
    DareCommandTest.Result r =
        DareCommandTest.run(new byte[0], "up", "--data-dir", data.toString(), "--tls-cert", "c.pem");

    assertThat(r.status()).isEqualTo(Sealstream.EXIT_USAGE);
    assertThat(r.err()).contains("--tls-cert and --tls-key go together");
    assertThat(data).doesNotExist();
  }

  @Test
  void plainHttpWithACertificate_isAUsageError() {
    DareCommandTest.Result r =
        DareCommandTest.run(new byte[0], "up", "--data-dir", dir.resolve("data").toString(),
            "--plain-http", "--tls-cert", "c.pem", "--tls-key", "k.pem");

    assertThat(r.status()).isEqualTo(Sealstream.EXIT_USAGE);
    assertThat(r.err()).contains("--plain-http serves no certificate");
  }

  @Test
  void unreadableOperatorCertificate_namesTheFile_beforeAnythingStarts() throws Exception {
    Path data = dir.resolve("data");
    Path cert = Files.writeString(dir.resolve("cert.pem"), "not a certificate");
    DareCommandTest.Result r =
        DareCommandTest.run(new byte[0], "up", "--data-dir", data.toString(),
            "--tls-cert", cert.toString(), "--tls-key", dir.resolve("key.pem").toString());

    assertThat(r.status()).isEqualTo(Sealstream.EXIT_USAGE);
    assertThat(r.err()).startsWith("sealstream up: " + cert + ": holds no PEM CERTIFICATE block");
    assertThat(data).doesNotExist();
  }

  @Test
  void banner_namesTheKeyServiceEndpoint_andHowToAdministerIt() throws Exception {
    Path data = dir.resolve("data");
    List<String> lines = StartBanner.lines(URI.create("https://127.0.0.1:9000"), S3Transport.devCertificate(data),
        "AK", "SK", data, Clock.systemUTC(), URI.create("http://127.0.0.1:40123"));
    assertThat(lines).anyMatch(l -> l.startsWith("Key service: http://127.0.0.1:40123")
        && l.contains("sealstream kms --data-dir " + data));
  }

  @Test
  void banner_withTheDevCertificate_printsTheHttpsEndpointAndTheCaToTrust() throws Exception {
    Path data = dir.resolve("data");
    S3Transport transport = S3Transport.devCertificate(data);

    List<String> lines =
        StartBanner.lines(URI.create("https://127.0.0.1:9000"), transport, "AK", "SK", data, Clock.systemUTC());

    assertThat(lines.get(0)).isEqualTo("S3 endpoint: https://127.0.0.1:9000");
    assertThat(lines).contains("Access key: AK", "Secret key: SK");
    assertThat(lines).anyMatch(l -> l.startsWith("Trust its CA: export AWS_CA_BUNDLE=" + data.resolve("tls/ca.pem")));
    assertThat(lines).anyMatch(l -> l.startsWith("TLS: made on this start (none existed)"));
    assertThat(String.join("\n", lines)).doesNotContain("WARNING").doesNotContain("PRIVATE");

    // a second start reuses it and says nothing about trusting anew
    List<String> again =
        StartBanner.lines(URI.create("https://127.0.0.1:9000"), S3Transport.devCertificate(data), "AK", "SK", data, Clock.systemUTC());
    assertThat(again).noneMatch(l -> l.startsWith("TLS: made on this start"));
  }

  @Test
  void banner_withPlainHttp_warnsFirst() {
    List<String> lines =
        StartBanner.lines(URI.create("http://127.0.0.1:9000"), S3Transport.plainHttp(), "AK", "SK", dir, Clock.systemUTC());

    assertThat(lines.get(0)).startsWith("WARNING: --plain-http").contains("SSE-C requests are refused");
    assertThat(lines).contains("S3 endpoint: http://127.0.0.1:9000").noneMatch(l -> l.contains("AWS_CA_BUNDLE"));
  }

  @Test
  void banner_withAnExpiredOperatorCertificate_warns() throws Exception {
    S3Transport dev = S3Transport.devCertificate(dir);
    S3Transport operator =
        S3Transport.operatorPem(dir.resolve("tls/cert.pem"), dir.resolve("tls/key.pem"));
    Clock later = Clock.fixed(dev.notAfter().plusSeconds(1), ZoneOffset.UTC);

    List<String> lines = StartBanner.lines(URI.create("https://127.0.0.1:9000"), operator, "AK", "SK", dir, later);

    assertThat(lines).contains("TLS: certificate " + dir.resolve("tls/cert.pem") + ", valid until " + dev.notAfter());
    assertThat(lines).contains("WARNING: that certificate has expired: clients will refuse it");
    assertThat(StartBanner.lines(URI.create("https://127.0.0.1:9000"), operator, "AK", "SK", dir, Clock.fixed(Instant.now(), ZoneOffset.UTC)))
        .noneMatch(l -> l.startsWith("WARNING"));
  }
}
