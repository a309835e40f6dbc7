package io.sealstream.tls;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A server's certificate chain (leaf first) and the leaf's private key, checked to belong
 * together when made. Immutable; {@link #toString} names the certificate, never the key.
 */
public final class ServerIdentity {
  private final List<X509Certificate> chain;
  private final PrivateKey key;

  private ServerIdentity(List<X509Certificate> chain, PrivateKey key) {
    this.chain = chain;
    this.key = key;
  }

  /**
   * Loads an operator's PEM files: {@code certFile} holds the chain, leaf first (intermediates
   * may follow); {@code keyFile} the leaf's unencrypted private key (PKCS#8 {@code PRIVATE KEY},
   * {@code EC PRIVATE KEY} or {@code RSA PRIVATE KEY}).
   */
  public static ServerIdentity fromPem(Path certFile, Path keyFile) throws TlsConfigException {
    List<X509Certificate> chain = PemReader.certificates(certFile);
    PrivateKey key = PemReader.privateKey(keyFile);
    if (!matches(key, chain.get(0).getPublicKey())) {
      throw TlsConfigException.about(
          keyFile, "this private key does not belong to the first certificate of " + certFile
              + " (or its algorithm is not EC, RSA or EdDSA)");
    }
    return new ServerIdentity(chain, key);
  }

  /** An identity already in memory (the caller checked the pair). */
  static ServerIdentity of(List<X509Certificate> chain, PrivateKey key) {
    Objects.requireNonNull(key, "key");
    if (chain == null || chain.isEmpty()) {
      throw new IllegalArgumentException("a certificate chain needs at least the leaf");
    }
    return new ServerIdentity(List.copyOf(chain), key);
  }

  /**
   * Whether {@code key} is the private half of {@code publicKey}: a signature made with one must
   * verify with the other. Works without extracting anything from the key. EC, RSA and EdDSA keys
   * are supported, which covers what certificate authorities issue.
   */
  private static boolean matches(PrivateKey key, PublicKey publicKey) {
    if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
      return false;
    }
    String algorithm =
        switch (key.getAlgorithm()) {
          case "EC" -> "SHA256withECDSA";
          case "RSA" -> "SHA256withRSA";
          case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
          default -> null;
        };
    if (algorithm == null) {
      return false;
    }
    byte[] probe = "sealstream key match probe".getBytes(StandardCharsets.US_ASCII);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** The chain, leaf first. */
  public List<X509Certificate> chain() {
    return chain;
  }

  /** The leaf certificate. */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /** When the leaf expires. */
  public Instant notAfter() {
    return certificate().getNotAfter().toInstant();
  }

  PrivateKey privateKey() {
    return key;
  }

  @Override
  public String toString() {
    return "ServerIdentity[" + certificate().getSubjectX500Principal().getName()
        + ", until " + notAfter() + ", key hidden]";
  }
}
