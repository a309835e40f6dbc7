package io.sealstream.tls;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates trusted as anchors, and nothing else (not the JDK's default CAs): the CA bundle a
 * key-service checks client certificates against, or what a client trusts to reach a server with
 * a development certificate. Immutable.
 */
public final class TrustBundle {
  private final List<X509Certificate> anchors;

  private TrustBundle(List<X509Certificate> anchors) {
    this.anchors = anchors;
  }

  /** Every CERTIFICATE block of a PEM file. */
  public static TrustBundle fromPem(Path file) throws TlsConfigException {
    return new TrustBundle(PemReader.certificates(file));
  }

  public static TrustBundle of(List<X509Certificate> anchors) {
    if (anchors == null || anchors.isEmpty()) {
      throw new IllegalArgumentException("a trust bundle needs at least one certificate");
    }
    return new TrustBundle(List.copyOf(anchors));
  }

  public List<X509Certificate> certificates() {
    return anchors;
  }

  /** PKIX trust managers that accept exactly the chains ending in one of these anchors. */
  public TrustManager[] trustManagers() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < anchors.size(); i++) {
        store.setCertificateEntry("anchor-" + i, anchors.get(i));
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(store);
      return factory.getTrustManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("the JDK cannot build PKIX trust managers", e);
    }
  }

  /** A client context trusting exactly these anchors and offering no client certificate. */
  public SSLContext clientContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no TLS context", e);
    }
  }

  @Override
  public String toString() {
    return "TrustBundle[" + anchors.size() + " certificate(s)]";
  }
}
