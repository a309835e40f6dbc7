package io.sealstream.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * The development certificate in a directory: {@code cert.pem} (the server's chain: leaf, then
 * the CA), {@code key.pem} (the leaf's PKCS#8 key, mode 0600 where POSIX) and {@code ca.pem}
 * (the certificate clients trust). Made on first use, reused on later starts, and made anew
 * only when a file is missing or damaged, the three do not belong together, or the certificate
 * is expired or within {@link #RENEW_BEFORE} of it. See {@link DevCertificateIssuer} for its
 * shape. Immutable.
 */
public final class DevCertificate {
  public static final String CERT_FILE = "cert.pem";
  public static final String KEY_FILE = "key.pem";
  public static final String CA_FILE = "ca.pem";
  public static final Duration VALIDITY = Duration.ofDays(365);
  /** Renewed this long before it expires, so a server just started does not cross the date. */
  public static final Duration RENEW_BEFORE = Duration.ofDays(1);

  private final Path certFile;
  private final Path keyFile;
  private final Path caFile;
  private final Instant notAfter;
  private final String generatedBecause;

  private DevCertificate(Path dir, Instant notAfter, String generatedBecause) {
    this.certFile = dir.resolve(CERT_FILE);
    this.keyFile = dir.resolve(KEY_FILE);
    this.caFile = dir.resolve(CA_FILE);
    this.notAfter = notAfter;
    this.generatedBecause = generatedBecause;
  }

  /** The usable development certificate in {@code dir}, made there first when needed. */
  public static DevCertificate ensure(Path dir, Clock clock) throws TlsConfigException {
    Objects.requireNonNull(dir, "dir");
    Instant now = clock.instant();
    try {
      AtomicFiles.privateDirectory(dir);
    } catch (IOException e) {
      throw TlsConfigException.about(dir, "cannot create the directory", e);
    }
    String unusable = whyUnusable(dir, now);
    if (unusable == null) {
      Instant notAfter = ServerIdentity.fromPem(dir.resolve(CERT_FILE), dir.resolve(KEY_FILE)).notAfter();
      return new DevCertificate(dir, notAfter, null);
    }
    DevCertificateIssuer.Issued issued = new DevCertificateIssuer().issue(now, VALIDITY);
    try {
      // Key first and chain last: a crash in between leaves files that do not belong together,
      // which the next start notices and replaces.
      AtomicFiles.write(dir.resolve(KEY_FILE), DevCertificateIssuer.pem(new JcaPKCS8Generator(issued.leafKeys().getPrivate(), null)), true);
      AtomicFiles.write(dir.resolve(CA_FILE), DevCertificateIssuer.pem(issued.ca()), false);
      AtomicFiles.write(dir.resolve(CERT_FILE), DevCertificateIssuer.pem(issued.leaf(), issued.ca()), false);
    } catch (IOException e) {
      throw TlsConfigException.about(dir, "cannot write the development certificate", e);
    }
    return new DevCertificate(dir, issued.leaf().getNotAfter().toInstant(), unusable);
  }

  /** Null when the files in {@code dir} can serve until well after {@code now}; else why not. */
  private static String whyUnusable(Path dir, Instant now) {
    List<Path> files = List.of(dir.resolve(CERT_FILE), dir.resolve(KEY_FILE), dir.resolve(CA_FILE));
    if (files.stream().noneMatch(Files::exists)) {
      return "none existed";
    }
    for (Path file : files) {
      if (!Files.exists(file)) {
        return file + " was missing";
      }
    }
    try {
      ServerIdentity identity = ServerIdentity.fromPem(files.get(0), files.get(1));
      List<X509Certificate> ca = PemReader.certificates(files.get(2));
      List<X509Certificate> chain = identity.chain();
      if (ca.size() != 1 || !chain.get(chain.size() - 1).equals(ca.get(0))) {
        return files.get(2) + " is not the CA of " + files.get(0);
      }
      for (X509Certificate certificate : chain) {
        if (certificate.getNotBefore().toInstant().isAfter(now)) {
          return "the certificate is not valid before " + certificate.getNotBefore().toInstant();
        }
        if (certificate.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))) {
          return "the certificate expires " + certificate.getNotAfter().toInstant();
        }
      }
      return null;
    } catch (TlsConfigException e) {
      return e.getMessage();
    }
  }

  /** The server's chain: leaf, then the CA. */
  public Path certFile() {
    return certFile;
  }

  /** The leaf's private key (mode 0600). */
  public Path keyFile() {
    return keyFile;
  }

  /** The CA certificate clients trust ({@code --ca-bundle}, {@code AWS_CA_BUNDLE}). */
  public Path caFile() {
    return caFile;
  }

  public Instant notAfter() {
    return notAfter;
  }

  /** Whether this start made the certificate (clients must trust the new CA). */
  public boolean generated() {
    return generatedBecause != null;
  }

  /** Why it was made ("none existed", "the certificate expires …"), or null when reused. */
  public String generatedBecause() {
    return generatedBecause;
  }

  /** Loads the identity to serve. */
  public ServerIdentity identity() throws TlsConfigException {
    return ServerIdentity.fromPem(certFile, keyFile);
  }

  /** Trusts exactly this certificate's CA. */
  public TrustBundle trust() throws TlsConfigException {
    return TrustBundle.fromPem(caFile);
  }

  @Override
  public String toString() {
    return "DevCertificate[" + certFile + ", until " + notAfter + "]";
  }
}
