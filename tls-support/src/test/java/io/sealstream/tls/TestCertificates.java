package io.sealstream.tls;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PKCS12PBEParams;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Key pairs and self-signed certificates in the PEM shapes operators bring. */
final class TestCertificates {
  private TestCertificates() {}

  static KeyPair keyPair(String algorithm, int bits) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
    generator.initialize(bits);
    return generator.generateKeyPair();
  }

  static X509Certificate selfSigned(KeyPair keys, String signature) throws Exception {
    X500Name name = new X500Name("CN=localhost");
    Instant now = Instant.now();
    var builder =
        new JcaX509v3CertificateBuilder(
            name, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(60)),
            Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic());
    return new JcaX509CertificateConverter()
        .getCertificate(builder.build(new JcaContentSignerBuilder(signature).build(keys.getPrivate())));
  }

  /**
   * The DER of a PKCS#8 EncryptedPrivateKeyInfo (PBE with SHA-1 and 3DES, the shape older
   * OpenSSL writes) around random bytes: the reader must refuse it before trying to decrypt.
   */
  static byte[] encryptedPrivateKeyInfo() throws Exception {
    byte[] salt = new byte[8];
    byte[] ciphertext = new byte[144];
    new SecureRandom().nextBytes(ciphertext);
    AlgorithmIdentifier pbe =
        new AlgorithmIdentifier(
            PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC, new PKCS12PBEParams(salt, 2048));
    return new EncryptedPrivateKeyInfo(pbe, ciphertext).getEncoded();
  }

  /**
   * {@code keys} as OpenSSL's traditional {@code EC PRIVATE KEY} (RFC 5915, curve and public key
   * included, as {@code openssl ecparam -genkey} writes it). Bouncy Castle's writer would drop
   * both for a JDK key, which OpenSSL never does.
   */
  static Path writeTraditionalEcKey(Path file, KeyPair keys) throws Exception {
    PrivateKeyInfo pkcs8 = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
    ECPrivateKey inner = ECPrivateKey.getInstance(pkcs8.parsePrivateKey());
    byte[] point = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData().getBytes();
    ECPrivateKey full =
        new ECPrivateKey(256, inner.getKey(), new DERBitString(point), pkcs8.getPrivateKeyAlgorithm().getParameters());
    StringWriter out = new StringWriter();
    try (PemWriter writer = new PemWriter(out)) {
      writer.writeObject(new PemObject("EC PRIVATE KEY", full.getEncoded()));
    }
    Files.writeString(file, out.toString(), StandardCharsets.US_ASCII);
    return file;
  }

  /** Writes the objects as PEM with Bouncy Castle's writer (a KeyPair: the traditional format). */
  static Path writePem(Path file, Object... objects) throws Exception {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      for (Object o : objects) {
        writer.writeObject(o);
      }
    }
    Files.writeString(file, out.toString(), StandardCharsets.US_ASCII);
    return file;
  }
}
