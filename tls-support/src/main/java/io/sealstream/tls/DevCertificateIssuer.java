package io.sealstream.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes a development certificate: a one-off CA and a leaf it signs for {@code localhost},
 * {@code 127.0.0.1} and {@code ::1}, both EC P-256.
 *
 * <p>Why a CA and a leaf rather than one self-signed certificate: clients disagree about a
 * self-signed leaf (Firefox refuses a CA certificate used as a server certificate; OpenSSL's
 * strict mode, on by default in Python 3.13, wants CA flags and key identifiers a leaf does not
 * carry), while "trust this CA, it signed that server certificate" is the ordinary case every
 * client handles. The CA's private key is discarded as soon as the leaf is signed, so a user
 * who trusts the CA, even system-wide, trusts exactly this one leaf and nothing anybody could
 * sign later. The price: regenerating the leaf means a new CA to trust.
 */
final class DevCertificateIssuer {
  static final List<String> DNS_NAMES = List.of("localhost");
  static final List<String> IP_ADDRESSES = List.of("127.0.0.1", "::1");
  /** Before "now", so a client whose clock is a little behind still accepts the certificate. */
  private static final Duration BACKDATE = Duration.ofHours(1);
  private static final String SIGNATURE = "SHA256withECDSA";

  private final SecureRandom random = new SecureRandom();

  /** A fresh CA certificate, leaf certificate and leaf key pair. */
  record Issued(X509Certificate ca, X509Certificate leaf, KeyPair leafKeys) {}

  Issued issue(Instant now, Duration validity) {
    try {
      KeyPair caKeys = ecKeyPair();
      KeyPair leafKeys = ecKeyPair();
      Date notBefore = Date.from(now.minus(BACKDATE));
      Date notAfter = Date.from(now.plus(validity));
      JcaX509ExtensionUtils ids = new JcaX509ExtensionUtils();

      // A name unique to this generation: clients that still hold an older dev CA must not
      // mistake it for this one's issuer.
      X500Name caName =
          new X500Name("O=Sealstream development,CN=Sealstream development CA " + randomHex(4));
      X509v3CertificateBuilder ca =
          new JcaX509v3CertificateBuilder(
              caName, serial(), notBefore, notAfter, caName, caKeys.getPublic());
      ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      ca.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      ca.addExtension(
          Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(caKeys.getPublic()));
      X509Certificate caCertificate = sign(ca, caKeys);

      X509v3CertificateBuilder leaf =
          new JcaX509v3CertificateBuilder(
              caCertificate, serial(), notBefore, notAfter,
              new X500Name("O=Sealstream development,CN=localhost"), leafKeys.getPublic());
      leaf.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      leaf.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      leaf.addExtension(
          Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      leaf.addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames());
      leaf.addExtension(
          Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(leafKeys.getPublic()));
      leaf.addExtension(
          Extension.authorityKeyIdentifier, false, ids.createAuthorityKeyIdentifier(caCertificate));
      X509Certificate leafCertificate = sign(leaf, caKeys);
      return new Issued(caCertificate, leafCertificate, leafKeys);
    } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
      throw new IllegalStateException("the JDK cannot make an EC P-256 certificate", e);
    }
  }

  /** A CA certificate for {@code caKeys}, self-signed, named {@code commonName} plus a random tag. */
  X509Certificate issueCa(KeyPair caKeys, String commonName, Instant now, Duration validity) {
    try {
      X500Name caName = new X500Name("O=Sealstream development,CN=" + commonName + " " + randomHex(4));
      X509v3CertificateBuilder ca =
          new JcaX509v3CertificateBuilder(
              caName, serial(), Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), caName,
              caKeys.getPublic());
      ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      ca.addExtension(
          Extension.subjectKeyIdentifier, false,
          new JcaX509ExtensionUtils().createSubjectKeyIdentifier(caKeys.getPublic()));
      return sign(ca, caKeys.getPrivate());
    } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
      throw new IllegalStateException("the JDK cannot make an EC P-256 certificate", e);
    }
  }

  /**
   * A leaf signed by {@code ca}: a server certificate for {@code localhost}, {@code 127.0.0.1} and
   * {@code ::1} (serverAuth) when {@code server}, else a client certificate (clientAuth).
   */
  X509Certificate issueLeaf(
      X509Certificate ca, PrivateKey caKey, PublicKey leafKey, String commonName, boolean server,
      Instant now, Duration validity) {
    try {
      JcaX509ExtensionUtils ids = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder leaf =
          new JcaX509v3CertificateBuilder(
              ca, serial(), Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)),
              new X500Name("O=Sealstream development,CN=" + commonName), leafKey);
      leaf.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      leaf.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
      leaf.addExtension(
          Extension.extendedKeyUsage, false,
          new ExtendedKeyUsage(server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
      if (server) {
        leaf.addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames());
      }
      leaf.addExtension(Extension.subjectKeyIdentifier, false, ids.createSubjectKeyIdentifier(leafKey));
      leaf.addExtension(Extension.authorityKeyIdentifier, false, ids.createAuthorityKeyIdentifier(ca));
      return sign(leaf, caKey);
    } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
      throw new IllegalStateException("the JDK cannot make an EC P-256 certificate", e);
    }
  }

  private static GeneralNames subjectAlternativeNames() {
    GeneralName[] names = new GeneralName[DNS_NAMES.size() + IP_ADDRESSES.size()];
    int i = 0;
    for (String dns : DNS_NAMES) {
      names[i++] = new GeneralName(GeneralName.dNSName, dns);
    }
    for (String ip : IP_ADDRESSES) {
      try {
        // a literal, so no lookup happens
        names[i++] =
            new GeneralName(GeneralName.iPAddress, new DEROctetString(InetAddress.getByName(ip).getAddress()));
      } catch (UnknownHostException e) {
        throw new IllegalStateException(ip + " is not an IP literal", e);
      }
    }
    return new GeneralNames(names);
  }

  private X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer)
      throws OperatorCreationException, GeneralSecurityException {
    return sign(builder, issuer.getPrivate());
  }

  private X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuer)
      throws OperatorCreationException, GeneralSecurityException {
    ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE).setSecureRandom(random).build(issuer);
    return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
  }

  KeyPair ecKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), random);
    return generator.generateKeyPair();
  }

  /** 127 random bits: positive, unique, and within the 20 octets RFC 5280 allows. */
  private BigInteger serial() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    bytes[0] &= 0x7f;
    bytes[0] |= 0x40; // never zero, never a leading zero octet
    return new BigInteger(bytes);
  }

  private String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** PEM text of certificates and keys (a private key as a {@code JcaPKCS8Generator}), in order. */
  static byte[] pem(Object... objects) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      for (Object object : objects) {
        writer.writeObject(object);
      }
    }
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
