package io.sealstream.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * A small development PKI for mutual TLS between key-service and its clients, in one directory:
 *
 * <ul>
 *   <li>{@code ca.pem} and {@code ca-key.pem}: the CA (EC P-256, 10 years). Unlike {@link
 *       DevCertificate}'s, its private key is <em>kept</em> (mode 0600), since it signs the
 *       client certificates and renews the leaves: whoever reads it can mint a certificate
 *       key-service trusts (and, given the policy's identities, who it is).
 *   <li>{@code server.pem} (chain: leaf, CA) and {@code server-key.pem}: key-service's
 *       certificate for {@code localhost}, {@code 127.0.0.1}, {@code ::1} (serverAuth).
 *   <li>{@code <client>.pem} and {@code <client>-key.pem} for each client name (clientAuth).
 * </ul>
 *
 * Made on the first {@link #ensure}, reused after. A leaf whose certificate is missing, damaged,
 * not the CA's or expiring within {@link #RENEW_BEFORE} is issued again <em>for the same key</em>
 * when its key file is intact, so a client's identity (the SHA-256 of its public key) survives
 * renewals and a new CA. Keys are PKCS#8 PEM, mode 0600 from creation (the directory 0700);
 * every file is written atomically (key before certificate). Immutable.
 */
public final class DevPki {
  public static final String CA_FILE = "ca.pem";
  public static final String CA_KEY_FILE = "ca-key.pem";
  public static final String SERVER = "server";
  public static final Duration CA_VALIDITY = Duration.ofDays(3650);
  public static final Duration LEAF_VALIDITY = Duration.ofDays(365);
  public static final Duration RENEW_BEFORE = Duration.ofDays(1);

  private final Path dir;
  private final List<String> made;

  private DevPki(Path dir, List<String> made) {
    this.dir = dir;
    this.made = List.copyOf(made);
  }

  /**
   * The PKI in {@code dir} with a server certificate and one client certificate per name in
   * {@code clients}, made or renewed there as needed.
   */
  public static DevPki ensure(Path dir, Clock clock, List<String> clients) throws TlsConfigException {
    Objects.requireNonNull(dir, "dir");
    for (String client : clients) {
      if (!client.matches("[a-z][a-z0-9-]{0,31}") || client.equals(SERVER) || client.equals("ca")) {
        throw new IllegalArgumentException("client name must be [a-z][a-z0-9-]*, not server or ca: " + client);
      }
    }
    Instant now = clock.instant();
    try {
      AtomicFiles.privateDirectory(dir);
    } catch (IOException e) {
      throw TlsConfigException.about(dir, "cannot create the directory", e);
    }
    DevCertificateIssuer issuer = new DevCertificateIssuer();
    List<String> made = new ArrayList<>();
    Path caFile = dir.resolve(CA_FILE);
    Path caKeyFile = dir.resolve(CA_KEY_FILE);
    X509Certificate ca;
    PrivateKey caKey;
    String caUnusable = whyUnusable(caFile, caKeyFile, null, now);
    try {
      if (caUnusable == null) {
        ServerIdentity loaded = ServerIdentity.fromPem(caFile, caKeyFile);
        ca = loaded.certificate();
        caKey = loaded.privateKey();
      } else {
        KeyPair keys = issuer.ecKeyPair();
        ca = issuer.issueCa(keys, "Sealstream key-service CA", now, CA_VALIDITY);
        caKey = keys.getPrivate();
        AtomicFiles.write(caKeyFile, DevCertificateIssuer.pem(new JcaPKCS8Generator(caKey, null)), true);
        AtomicFiles.write(caFile, DevCertificateIssuer.pem(ca), false);
        made.add("ca (" + caUnusable + ")");
      }
      List<String> leaves = new ArrayList<>();
      leaves.add(SERVER);
      leaves.addAll(clients);
      for (String name : leaves) {
        Path certFile = dir.resolve(name + ".pem");
        Path keyFile = dir.resolve(name + "-key.pem");
        String unusable = whyUnusable(certFile, keyFile, ca, now);
        if (unusable == null) {
          continue;
        }
        PublicKey publicKey = publicKeyOf(keyFile);
        if (publicKey == null) {
          KeyPair keys = issuer.ecKeyPair();
          publicKey = keys.getPublic();
          AtomicFiles.write(keyFile, DevCertificateIssuer.pem(new JcaPKCS8Generator(keys.getPrivate(), null)), true);
        }
        X509Certificate leaf =
            issuer.issueLeaf(ca, caKey, publicKey, "sealstream " + name, name.equals(SERVER), now, LEAF_VALIDITY);
        AtomicFiles.write(certFile, name.equals(SERVER) ? DevCertificateIssuer.pem(leaf, ca) : DevCertificateIssuer.pem(leaf), false);
        made.add(name + " (" + unusable + ")");
      }
    } catch (IOException e) {
      throw TlsConfigException.about(dir, "cannot write the key-service PKI", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot make an EC P-256 key pair", e);
    }
    return new DevPki(dir, made);
  }

  /** Null when the pair can serve until well after {@code now} (signed by {@code ca} if given). */
  private static String whyUnusable(Path certFile, Path keyFile, X509Certificate ca, Instant now) {
    if (!Files.exists(certFile) || !Files.exists(keyFile)) {
      return Files.exists(keyFile) || Files.exists(certFile) ? "a file was missing" : "none existed";
    }
    try {
      X509Certificate certificate = ServerIdentity.fromPem(certFile, keyFile).certificate();
      if (ca != null) {
        try {
          certificate.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
          return "not signed by the current CA";
        }
      }
      if (certificate.getNotBefore().toInstant().isAfter(now)) {
        return "not valid before " + certificate.getNotBefore().toInstant();
      }
      if (certificate.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))) {
        return "expires " + certificate.getNotAfter().toInstant();
      }
      return null;
    } catch (TlsConfigException e) {
      return e.getMessage();
    }
  }

  /** The public half of the key in {@code keyFile}, or null if there is none usable. */
  private static PublicKey publicKeyOf(Path keyFile) {
    if (!Files.exists(keyFile)) {
      return null;
    }
    try {
      PrivateKey key = PemReader.privateKey(keyFile);
      if (key instanceof java.security.interfaces.ECPrivateKey ec) {
        return ecPublicKey(ec);
      }
      return null;
    } catch (TlsConfigException | GeneralSecurityException e) {
      return null;
    }
  }

  /** Q = d·G on the key's curve, through Bouncy Castle's EC arithmetic. */
  private static PublicKey ecPublicKey(java.security.interfaces.ECPrivateKey key) throws GeneralSecurityException {
    org.bouncycastle.jce.spec.ECParameterSpec bc =
        org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util.convertSpec(key.getParams());
    org.bouncycastle.math.ec.ECPoint q = bc.getG().multiply(key.getS()).normalize();
    java.security.spec.ECPoint w =
        new java.security.spec.ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
    return java.security.KeyFactory.getInstance("EC")
        .generatePublic(new java.security.spec.ECPublicKeySpec(w, key.getParams()));
  }

  public Path dir() {
    return dir;
  }

  /** The CA certificate: what key-service checks clients against and clients trust. */
  public Path caFile() {
    return dir.resolve(CA_FILE);
  }

  /** {@code name}'s certificate ({@link #SERVER}'s holds the chain: leaf, CA). */
  public Path certFile(String name) {
    return dir.resolve(name + ".pem");
  }

  /** {@code name}'s private key (mode 0600). */
  public Path keyFile(String name) {
    return dir.resolve(name + "-key.pem");
  }

  /** What this {@link #ensure} made and why ("ca (none existed)", …); empty when all was reused. */
  public List<String> made() {
    return made;
  }

  /** key-service's identity to serve. */
  public ServerIdentity serverIdentity() throws TlsConfigException {
    return ServerIdentity.fromPem(certFile(SERVER), keyFile(SERVER));
  }

  /** Trusts exactly this PKI's CA. */
  public TrustBundle trust() throws TlsConfigException {
    return TrustBundle.fromPem(caFile());
  }

  /** Client {@code name}'s certificate. */
  public X509Certificate certificate(String name) throws TlsConfigException {
    return PemReader.certificates(certFile(name)).get(0);
  }

  /** A TLS context presenting client {@code name}'s certificate and trusting only the CA. */
  public SSLContext clientContext(String name) throws TlsConfigException {
    return ClientTls.fromPem(certFile(name), keyFile(name), caFile());
  }

  @Override
  public String toString() {
    return "DevPki[" + dir + "]";
  }
}
