package io.sealstream.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * What a TLS listener needs: an {@link SSLContext} serving one {@link ServerIdentity}, the
 * protocols to enable (TLS 1.3 and 1.2 only), and whether clients must present a certificate
 * from a {@link TrustBundle}. An {@code SSLContext} cannot itself be limited to protocols, so
 * listeners apply {@link #protocols} or {@link #sslParameters}. Immutable.
 */
public final class ServerTls {
  /** The only protocols enabled: older ones have no AEAD-only cipher suites. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private final ServerIdentity identity;
  private final SSLContext context;
  private final boolean clientAuth;

  private ServerTls(ServerIdentity identity, SSLContext context, boolean clientAuth) {
    this.identity = identity;
    this.context = context;
    this.clientAuth = clientAuth;
  }

  /** A server that asks no client certificate. */
  public static ServerTls of(ServerIdentity identity) {
    return new ServerTls(identity, context(identity, null), false);
  }

  /** A server that requires a client certificate chaining to {@code clientCas} (mutual TLS). */
  public static ServerTls withClientAuth(ServerIdentity identity, TrustBundle clientCas) {
    Objects.requireNonNull(clientCas, "clientCas");
    return new ServerTls(identity, context(identity, clientCas), true);
  }

  /**
   * A context presenting {@code identity} and trusting {@code peerCas} (null: the JDK's
   * defaults, which a server without client authentication never consults). The client side of
   * mutual TLS ({@link ClientTls}) is built the same way.
   */
  static SSLContext context(ServerIdentity identity, TrustBundle peerCas) {
    Objects.requireNonNull(identity, "identity");
    try {
      // The key store lives only in memory for the key manager's sake; its password protects
      // nothing and is random so that no constant looks like one.
      char[] password = new char[16];
      SecureRandom random = new SecureRandom();
      for (int i = 0; i < password.length; i++) {
        password[i] = (char) ('a' + random.nextInt(26));
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          "identity", identity.privateKey(), password,
          identity.chain().toArray(new X509Certificate[0]));
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), peerCas == null ? null : peerCas.trustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(
          "the JDK cannot build a TLS context for " + identity.certificate().getSubjectX500Principal(), e);
    }
  }

  public SSLContext sslContext() {
    return context;
  }

  /** {@link #PROTOCOLS}. */
  public List<String> protocols() {
    return PROTOCOLS;
  }

  /** Whether clients must present a certificate. */
  public boolean clientAuthRequired() {
    return clientAuth;
  }

  public ServerIdentity identity() {
    return identity;
  }

  /** Parameters for a server socket or engine: the protocols, and client authentication. */
  public SSLParameters sslParameters() {
    SSLParameters parameters = context.getDefaultSSLParameters();
    parameters.setProtocols(PROTOCOLS.toArray(new String[0]));
    parameters.setNeedClientAuth(clientAuth);
    return parameters;
  }

  @Override
  public String toString() {
    return "ServerTls[" + identity + (clientAuth ? ", client certificates required" : "") + "]";
  }
}
