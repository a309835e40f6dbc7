package io.sealstream.launcher;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** What {@code sealstream up} prints once the stack serves: endpoint, keys, what to trust. */
final class StartBanner {
  static final String PLAIN_HTTP_WARNING =
      "WARNING: --plain-http: the S3 endpoint speaks plain HTTP, so requests, data and signatures"
          + " cross the network unencrypted, and SSE-C requests are refused (400 InvalidRequest)."
          + " Use it only behind a TLS-terminating proxy.";

  private StartBanner() {}

  static List<String> lines(
      URI endpoint, S3Transport transport, String accessKey, String secretKey, Path dataDir, Clock clock) {
    return lines(endpoint, transport, accessKey, secretKey, dataDir, clock, null);
  }

  /** As above, and where key-service listens ({@code kms}, or null not to say). */
  static List<String> lines(
      URI endpoint, S3Transport transport, String accessKey, String secretKey, Path dataDir,
      Clock clock, URI kms) {
    List<String> lines = new ArrayList<>();
    if (!transport.isTls()) {
      lines.add(PLAIN_HTTP_WARNING);
    }
    lines.add("S3 endpoint: " + endpoint);
    lines.add("Access key: " + accessKey);
    lines.add("Secret key: " + secretKey);
    if (transport.trustFile() != null) {
      lines.add("TLS: development certificate " + transport.certificateFile()
          + ", valid until " + transport.notAfter());
      if (transport.generatedBecause() != null) {
        lines.add("TLS: made on this start (" + transport.generatedBecause()
            + "); clients trusting an older one must trust this CA instead");
      }
      lines.add("Trust its CA: export AWS_CA_BUNDLE=" + transport.trustFile()
          + "   (or aws --ca-bundle " + transport.trustFile() + ")");
    } else if (transport.isTls()) {
      lines.add("TLS: certificate " + transport.certificateFile() + ", valid until " + transport.notAfter());
      if (transport.notAfter().isBefore(clock.instant())) {
        lines.add("WARNING: that certificate has expired: clients will refuse it");
      }
    }
    if (kms != null) {
      // the endpoint and the admin certificate are in the data directory: `kms` needs no flags
      lines.add("Key service: " + kms + "   (administer: ./sealstream kms --data-dir " + dataDir + " status)");
      if ("https".equals(kms.getScheme())) {
        lines.add("Key service: mutual TLS, CA and client certificates in "
            + dataDir.resolve(StackKeyService.TLS_DIR) + " (ca-key.pem signs clients: keep it private)");
      }
    }
    lines.add("Data directory: " + dataDir);
    lines.add("Ready. Ctrl-C stops.");
    return lines;
  }
}
