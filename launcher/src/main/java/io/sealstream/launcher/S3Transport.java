package io.sealstream.launcher;

import io.sealstream.tls.DevCertificate;
import io.sealstream.tls.ServerIdentity;
import io.sealstream.tls.ServerTls;
import io.sealstream.tls.TlsConfigException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * How the S3 endpoint is served, settled before the stack starts so that a bad certificate file
 * fails at once: HTTPS with the development certificate of {@code <data-dir>/tls/}, HTTPS with
 * an operator's PEM files, or plain HTTP (behind a TLS-terminating proxy; SSE-C is then
 * refused). Immutable.
 */
final class S3Transport {
  /** Where the development certificate lives, under the data directory. */
  static final String DEV_CERTIFICATE_DIR = "tls";

  private final ServerTls tls;
  private final Path certificateFile;
  private final Path trustFile;
  private final String generatedBecause;

  private S3Transport(ServerTls tls, Path certificateFile, Path trustFile, String generatedBecause) {
    this.tls = tls;
    this.certificateFile = certificateFile;
    this.trustFile = trustFile;
    this.generatedBecause = generatedBecause;
  }

  /** HTTPS with the development certificate of {@code dataDir/tls/}, made there if needed. */
  static S3Transport devCertificate(Path dataDir) throws TlsConfigException {
    DevCertificate dev = DevCertificate.ensure(dataDir.resolve(DEV_CERTIFICATE_DIR), Clock.systemUTC());
    return new S3Transport(
        ServerTls.of(dev.identity()), dev.certFile(), dev.caFile(), dev.generatedBecause());
  }

  /** HTTPS with an operator's PEM chain and key. */
  static S3Transport operatorPem(Path certFile, Path keyFile) throws TlsConfigException {
    Objects.requireNonNull(certFile, "certFile");
    Objects.requireNonNull(keyFile, "keyFile");
    return new S3Transport(
        ServerTls.of(ServerIdentity.fromPem(certFile, keyFile)), certFile, null, null);
  }

  /** Plain HTTP. */
  static S3Transport plainHttp() {
    return new S3Transport(null, null, null, null);
  }

  /** The TLS to serve with; null for plain HTTP. */
  ServerTls tls() {
    return tls;
  }

  boolean isTls() {
    return tls != null;
  }

  /** The served certificate chain's file; null for plain HTTP. */
  Path certificateFile() {
    return certificateFile;
  }

  /** The development CA clients must trust; null for an operator's certificate or plain HTTP. */
  Path trustFile() {
    return trustFile;
  }

  /** Why the development certificate was made on this start; null when reused or not ours. */
  String generatedBecause() {
    return generatedBecause;
  }

  /** When the served certificate expires; null for plain HTTP. */
  Instant notAfter() {
    return tls == null ? null : tls.identity().notAfter();
  }

  @Override
  public String toString() {
    return tls == null ? "plain HTTP" : "HTTPS with " + certificateFile;
  }
}
