package io.sealstream.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads certificates and private keys from PEM files with Bouncy Castle's parser, converting them
 * with the JDK's own providers. A file may hold other blocks too (a combined cert-and-key file
 * works for both readers); each reader takes only its own kind.
 */
final class PemReader {
  private PemReader() {}

  /** Every CERTIFICATE block of {@code file}, in file order (leaf first for a chain). */
  static List<X509Certificate> certificates(Path file) throws TlsConfigException {
    List<X509Certificate> certificates = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    for (Object block : blocks(file, false)) {
      if (block instanceof X509CertificateHolder holder) {
        try {
          certificates.add(converter.getCertificate(holder));
        } catch (CertificateException e) {
          throw TlsConfigException.about(
              file, "certificate " + (certificates.size() + 1) + " is not a valid X.509 certificate", e);
        }
      }
    }
    if (certificates.isEmpty()) {
      throw TlsConfigException.about(file, "holds no PEM CERTIFICATE block");
    }
    return List.copyOf(certificates);
  }

  /**
   * The one private key of {@code file}: PKCS#8 {@code PRIVATE KEY}, or the traditional OpenSSL
   * {@code EC PRIVATE KEY} / {@code RSA PRIVATE KEY}. Encrypted keys are refused: a server started
   * unattended has nobody to type the passphrase.
   */
  static PrivateKey privateKey(Path file) throws TlsConfigException {
    // Bouncy Castle names EC keys "ECDSA", which the JDK's providers do not know.
    JcaPEMKeyConverter converter =
        new JcaPEMKeyConverter().setAlgorithmMapping(X9ObjectIdentifiers.id_ecPublicKey, "EC");
    PrivateKey found = null;
    for (Object block : blocks(file, true)) {
      PrivateKey key;
      if (block instanceof PrivateKeyInfo info) {
        key = convert(file, () -> converter.getPrivateKey(info));
      } else if (block instanceof PEMKeyPair pair) {
        // only the private half: the public key is optional in "EC PRIVATE KEY" and may be absent
        key = convert(file, () -> converter.getPrivateKey(pair.getPrivateKeyInfo()));
      } else if (block instanceof PKCS8EncryptedPrivateKeyInfo || block instanceof PEMEncryptedKeyPair) {
        throw TlsConfigException.about(
            file, "the private key is encrypted; give an unencrypted PKCS#8 key (openssl pkey -in KEY -out PLAIN)");
      } else if (block instanceof X509CertificateHolder || block instanceof ASN1ObjectIdentifier) {
        continue; // a certificate, or the "EC PARAMETERS" block openssl ecparam writes before the key
      } else {
        throw TlsConfigException.about(
            file, "holds an unexpected PEM block (" + block.getClass().getSimpleName() + ")");
      }
      if (found != null) {
        throw TlsConfigException.about(file, "holds more than one private key");
      }
      found = key;
    }
    if (found == null) {
      throw TlsConfigException.about(
          file, "holds no PEM private key (PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY)");
    }
    return found;
  }

  private interface KeyConversion {
    PrivateKey convert() throws IOException;
  }

  private static PrivateKey convert(Path file, KeyConversion conversion) throws TlsConfigException {
    try {
      return conversion.convert();
    } catch (IOException | RuntimeException e) {
      // no cause attached: the converter's message may quote the key's encoding
      throw TlsConfigException.about(file, "the private key block is damaged or of an unsupported algorithm");
    }
  }

  private static List<Object> blocks(Path file, boolean secret) throws TlsConfigException {
    if (!Files.exists(file)) {
      throw TlsConfigException.about(file, "does not exist");
    }
    if (!Files.isRegularFile(file)) {
      throw TlsConfigException.about(file, "is not a regular file");
    }
    Reader reader;
    try {
      // ISO-8859-1 maps every byte, so binary junk reaches the parser and fails there, clearly.
      reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw TlsConfigException.about(file, "does not exist");
    } catch (AccessDeniedException e) {
      throw TlsConfigException.about(file, "cannot be read (permission denied)");
    } catch (IOException e) {
      throw TlsConfigException.about(file, "cannot be read", e);
    }
    try (PEMParser parser = new PEMParser(reader)) {
      List<Object> blocks = new ArrayList<>();
      for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
        blocks.add(block);
      }
      return blocks;
    } catch (IOException | RuntimeException e) {
      if (secret) {
        // no cause and no parser message: either may quote the key file's content
        throw TlsConfigException.about(file, "is not valid PEM (a damaged or truncated block)");
      }
      throw TlsConfigException.about(file, "is not valid PEM (" + e.getMessage() + ")", e);
    }
  }
}
