package io.sealstream.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real handshakes over loopback between JDK sockets configured from this module. */
class TlsHandshakeTest {
  @TempDir Path dir;
  private final ExecutorService acceptor = Executors.newSingleThreadExecutor();
  private DevCertificate dev;
  private SSLServerSocket server;

  @BeforeEach
  void serve() throws Exception {
    dev = DevCertificate.ensure(dir.resolve("tls"), Clock.systemUTC());
    server = serverSocket(ServerTls.of(dev.identity()));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    acceptor.shutdownNow();
    assertThat(acceptor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private static SSLServerSocket serverSocket(ServerTls tls) throws IOException {
    SSLServerSocket socket =
        (SSLServerSocket)
            tls.sslContext().getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress());
    socket.setSSLParameters(tls.sslParameters());
    return socket;
  }

  /** Accepts one connection and echoes one byte plus one; what the server saw, or its failure. */
  private Future<String> echoOnce() {
    return acceptor.submit(() -> {
      try (SSLSocket s = (SSLSocket) server.accept()) {
        s.setSoTimeout(10_000);
        int b = s.getInputStream().read();
        s.getOutputStream().write(b + 1);
        s.getOutputStream().flush();
        return s.getSession().getProtocol();
      }
    });
  }

  /** Connects to {@code host}, checking the certificate names it (as HTTPS clients do). */
  private static int roundTrip(SSLContext client, String host, int port, String... protocols) throws IOException {
    try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(host, port)) {
      s.setSoTimeout(10_000);
      SSLParameters parameters = s.getSSLParameters();
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      if (protocols.length > 0) {
        parameters.setProtocols(protocols);
      }
      s.setSSLParameters(parameters);
      OutputStream out = s.getOutputStream();
      out.write(41);
      out.flush();
      InputStream in = s.getInputStream();
      return in.read();
    }
  }

  @Test
  void clientTrustingTheDevCa_completesTls13_byNameAndByAddress() throws Exception {
    SSLContext client = dev.trust().clientContext();

    Future<String> seen = echoOnce();
    assertThat(roundTrip(client, "localhost", server.getLocalPort())).isEqualTo(42);
    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("TLSv1.3");

    seen = echoOnce();
    assertThat(roundTrip(client, "127.0.0.1", server.getLocalPort())).isEqualTo(42);
    seen.get(10, TimeUnit.SECONDS);
  }

  @Test
  void tls12Client_isServedToo() throws Exception {
    Future<String> seen = echoOnce();
    assertThat(roundTrip(dev.trust().clientContext(), "localhost", server.getLocalPort(), "TLSv1.2")).isEqualTo(42);
    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("TLSv1.2");
  }

  @Test
  void serverOffersOnlyTls13And12() {
    assertThat(server.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
  }

  @Test
  void clientTrustingAnotherDevCa_failsTheHandshake() throws Exception {
    DevCertificate other = DevCertificate.ensure(dir.resolve("other"), Clock.systemUTC());
    Future<String> seen = echoOnce();

    assertThatThrownBy(() -> roundTrip(other.trust().clientContext(), "localhost", server.getLocalPort()))
        .isInstanceOf(SSLHandshakeException.class);
    assertThatThrownBy(() -> seen.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
  }

  @Test
  void clientWithOnlyTheJdkDefaultCas_failsTheHandshake() throws Exception {
    Future<String> seen = echoOnce();

    assertThatThrownBy(() -> roundTrip(SSLContext.getDefault(), "localhost", server.getLocalPort()))
        .isInstanceOf(SSLHandshakeException.class);
    assertThatThrownBy(() -> seen.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
  }

  @Test
  void certificateForOtherNames_failsHostnameCheck() throws Exception {
    // the dev certificate names localhost and loopback only; its IP SAN must not match another name
    Future<String> seen = echoOnce();
    String otherName = InetAddress.getLoopbackAddress().getHostAddress().equals("127.0.0.1") ? "127.0.0.2" : "localhost2";
    assertThatThrownBy(() -> roundTrip(dev.trust().clientContext(), otherName, server.getLocalPort()))
        .isInstanceOf(IOException.class);
    seen.cancel(true);
  }

  @Test
  void mutualTls_requiresAClientCertificateFromTheBundle() throws Exception {
    server.close();
    DevCertificate clientCert = DevCertificate.ensure(dir.resolve("client"), Clock.systemUTC());
    server = serverSocket(ServerTls.withClientAuth(dev.identity(), clientCert.trust()));
    assertThat(server.getNeedClientAuth()).isTrue();

    // a client without a certificate is turned away
    Future<String> seen = echoOnce();
    assertThatThrownBy(() -> roundTrip(dev.trust().clientContext(), "localhost", server.getLocalPort()))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> seen.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
  }
}
