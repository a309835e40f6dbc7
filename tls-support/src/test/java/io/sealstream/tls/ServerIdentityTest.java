package io.sealstream.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerIdentityTest {
  @TempDir Path dir;

  @Test
  void pkcs8EcKey_andChain_load() throws Exception {
    DevCertificate dev = DevCertificate.ensure(dir.resolve("tls"), Clock.systemUTC());
    assertThat(Files.readString(dev.keyFile())).startsWith("-----BEGIN PRIVATE KEY-----");

    ServerIdentity identity = ServerIdentity.fromPem(dev.certFile(), dev.keyFile());

    assertThat(identity.chain()).hasSize(2);
    assertThat(identity.certificate().getSubjectX500Principal().getName()).contains("CN=localhost");
    assertThat(identity.toString()).contains("key hidden").doesNotContain("PRIVATE");
  }

  @Test
  void traditionalEcKey_loads() throws Exception {
    KeyPair keys = TestCertificates.keyPair("EC", 256);
    Path cert = TestCertificates.writePem(dir.resolve("c.pem"), TestCertificates.selfSigned(keys, "SHA256withECDSA"));
    Path key = TestCertificates.writeTraditionalEcKey(dir.resolve("k.pem"), keys);
    assertThat(Files.readString(key)).startsWith("-----BEGIN EC PRIVATE KEY-----");

    assertThat(ServerIdentity.fromPem(cert, key).certificate().getPublicKey()).isEqualTo(keys.getPublic());
  }

  @Test
  void traditionalRsaKey_andCombinedFile_load() throws Exception {
    KeyPair keys = TestCertificates.keyPair("RSA", 2048);
    X509Certificate certificate = TestCertificates.selfSigned(keys, "SHA256withRSA");
    Path both = TestCertificates.writePem(dir.resolve("both.pem"), certificate, keys);
    assertThat(Files.readString(both)).contains("-----BEGIN RSA PRIVATE KEY-----");

    assertThat(ServerIdentity.fromPem(both, both).certificate()).isEqualTo(certificate);
  }

  @Test
  void missingFile_namesIt() {
    Path missing = dir.resolve("nope.pem");
    assertThatThrownBy(() -> ServerIdentity.fromPem(missing, missing))
        .isInstanceOf(TlsConfigException.class)
        .hasMessage(missing + ": does not exist");
  }

  @Test
  void damagedCertificate_namesTheFileAndTheProblem() throws Exception {
    DevCertificate dev = DevCertificate.ensure(dir.resolve("tls"), Clock.systemUTC());
    Path bad = dir.resolve("bad-cert.pem");
    Files.writeString(bad, "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");

    assertThatThrownBy(() -> ServerIdentity.fromPem(bad, dev.keyFile()))
        .isInstanceOf(TlsConfigException.class)
        .hasMessageStartingWith(bad + ": is not valid PEM");
  }

  @Test
  void fileWithoutCertificate_saysSo() throws Exception {
    DevCertificate dev = DevCertificate.ensure(dir.resolve("tls"), Clock.systemUTC());
    assertThatThrownBy(() -> ServerIdentity.fromPem(dev.keyFile(), dev.keyFile()))
        .isInstanceOf(TlsConfigException.class)
        .hasMessage(dev.keyFile() + ": holds no PEM CERTIFICATE block");
  }

  @Test
  void damagedKey_namesTheFile_butNeverItsContent() throws Exception {
    DevCertificate dev = DevCertificate.ensure(dir.resolve("tls"), Clock.systemUTC());
    String pem = Files.readString(dev.keyFile());
    String body = pem.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
    // the key's own base64, cut short: a truncated copy
    String damaged = "-----BEGIN PRIVATE KEY-----\n" + body.substring(0, 40) + "\n-----END PRIVATE KEY-----\n";
    Path bad = dir.resolve("bad-key.pem");
    Files.writeString(bad, damaged);

    assertThatThrownBy(() -> ServerIdentity.fromPem(dev.certFile(), bad))
        .isInstanceOfSatisfying(TlsConfigException.class, e -> {
          assertThat(e.getMessage()).startsWith(bad + ": ").doesNotContain(body.substring(0, 20));
          assertThat(e.getCause()).isNull();
        });
  }

  @Test
  void keyOfAnotherCertificate_isRefused() throws Exception {
    DevCertificate one = DevCertificate.ensure(dir.resolve("one"), Clock.systemUTC());
    DevCertificate two = DevCertificate.ensure(dir.resolve("two"), Clock.systemUTC());

    assertThatThrownBy(() -> ServerIdentity.fromPem(one.certFile(), two.keyFile()))
        .isInstanceOf(TlsConfigException.class)
        .hasMessageStartingWith(two.keyFile() + ": this private key does not belong to the first certificate of " + one.certFile());
  }

  @Test
  void encryptedKey_isRefusedWithAHint() throws Exception {
    KeyPair keys = TestCertificates.keyPair("EC", 256);
    Path key = dir.resolve("enc.pem");
    Files.writeString(key, "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(TestCertificates.encryptedPrivateKeyInfo())
        + "\n-----END ENCRYPTED PRIVATE KEY-----\n");
    Path cert = TestCertificates.writePem(dir.resolve("c.pem"), TestCertificates.selfSigned(keys, "SHA256withECDSA"));

    assertThatThrownBy(() -> ServerIdentity.fromPem(cert, key))
        .isInstanceOf(TlsConfigException.class)
        .hasMessageContaining(key + ": the private key is encrypted");
  }

  @Test
  void binaryJunk_isNotValidPem() throws Exception {
    // a PEM header, then bytes that are neither base64 nor ASCII, and no END line
    byte[] header = "-----BEGIN PRIVATE KEY-----\n".getBytes(StandardCharsets.US_ASCII);
    byte[] content = new byte[header.length + 3];
    System.arraycopy(header, 0, content, 0, header.length);
    content[header.length] = (byte) 0xff;
    content[header.length + 2] = 0x41;
    Path junk = Files.write(dir.resolve("junk.pem"), content);
    assertThatThrownBy(() -> ServerIdentity.fromPem(junk, junk))
        .isInstanceOf(TlsConfigException.class)
        .hasMessageStartingWith(junk + ": ");
  }
}
