package io.sealstream.load;

import java.net.URI;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * The running stack the harness drives.
 *
 * @param endpoint the S3 endpoint (HTTPS)
 * @param accessKey the stack's access key
 * @param secretKey the stack's secret key (never printed)
 * @param caFile the development CA the client trusts, and nothing else
 * @param bootstrapServers the stack's broker, for the raw producer baseline
 * @param keyServiceCalls key-service calls made by the stack's key source so far
 * @param scratchDir where the baselines may keep files
 * @param serverTls the stack's TLS, which the unencrypted-GET baseline serves with too
 * @param description one line on how the stack runs (processes, heaps), for the report
 */
public record BenchTarget(
    URI endpoint,
    String accessKey,
    String secretKey,
    Path caFile,
    String bootstrapServers,
    LongSupplier keyServiceCalls,
    Path scratchDir,
    io.sealstream.tls.ServerTls serverTls,
    String description) {

  @Override
  public String toString() {
    return "BenchTarget[" + endpoint + ", " + description + "]";
  }
}
