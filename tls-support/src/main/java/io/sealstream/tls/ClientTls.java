package io.sealstream.tls;

import java.nio.file.Path;
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
    return ServerTls.context(identity, TrustBundle.fromPem(caFile));
  }
}
