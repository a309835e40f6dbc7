package io.sealstream.keyservice;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A test CA that issues client certificates (EC P-256, clientAuth), and TLS contexts using them. */
final class ClientCertificates {
  private final KeyPair caKeys;
  final X509Certificate ca;

  /** A client certificate and its key pair. */
  record Client(X509Certificate certificate, KeyPair keys) {}

  ClientCertificates(String name) throws Exception {
    caKeys = ecKeys();
    X500Name caName = new X500Name("CN=" + name);
    X509v3CertificateBuilder builder = builder(caName, caName, caKeys);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
    ca = sign(builder);
  }

  static KeyPair ecKeys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  Client issue(String commonName) throws Exception {
    return issue(commonName, ecKeys());
  }

  /** A client certificate for {@code keys}: issuing twice with one key pair is a renewal. */
  Client issue(String commonName, KeyPair keys) throws Exception {
    X509v3CertificateBuilder builder =
        builder(new X500Name(ca.getSubjectX500Principal().getName()), new X500Name("CN=" + commonName), keys);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
    builder.addExtension(
        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
    return new Client(sign(builder), keys);
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        new BigInteger(64, new SecureRandom()),
        Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(1))),
        subject,
        keys.getPublic());
  }

  private X509Certificate sign(X509v3CertificateBuilder builder) throws Exception {
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
  }

  /** A client TLS context presenting {@code client} (null: no certificate) and trusting {@code trust}. */
  static SSLContext context(Client client, TrustManager[] trust, X509Certificate... chainAfterLeaf)
      throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    if (client == null) {
      context.init(null, trust, null);
      return context;
    }
    char[] password = "in-memory".toCharArray();
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    X509Certificate[] chain = new X509Certificate[1 + chainAfterLeaf.length];
    chain[0] = client.certificate();
    System.arraycopy(chainAfterLeaf, 0, chain, 1, chainAfterLeaf.length);
    store.setKeyEntry("client", client.keys().getPrivate(), password, chain);
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, password);
    context.init(keys.getKeyManagers(), trust, null);
    return context;
  }
}
