package io.sealstream.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A client's side of mutual TLS: a TLS context that presents a client certificate and trusts
 * exactly a CA bundle (not the JDK's default CAs). Used to reach key-service.
 */
public final class ClientTls {
  private ClientTls() {}

  /**
   * A context presenting the certificate chain of {@code certFile} (leaf first) with the private
   * key of {@code keyFile} (checked to belong to the leaf) and trusting the certificates of
   * {@code caFile}.
   */
  public static SSLContext fromPem(Path certFile, Path keyFile, Path caFile) throws TlsConfigException {
    // the same loading and pair check as a server's: a client certificate is a chain and a key
    ServerIdentity identity = ServerIdentity.fromPem(certFile, keyFile);
    return context(identity, TrustBundle.fromPem(caFile));
  }

  static SSLContext context(ServerIdentity identity, TrustBundle trust) {
    try {
      // in memory only, for the key manager's sake: the password protects nothing
      char[] password = new char[16];
      SecureRandom random = new SecureRandom();
      for (int i = 0; i < password.length; i++) {
        password[i] = (char) ('a' + random.nextInt(26));
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          "client", identity.privateKey(), password, identity.chain().toArray(new X509Certificate[0]));
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), trust.trustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(
          "the JDK cannot build a TLS context for " + identity.certificate().getSubjectX500Principal(), e);
    }
  }
}
