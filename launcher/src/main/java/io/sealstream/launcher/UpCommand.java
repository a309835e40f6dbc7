package io.sealstream.launcher;

import io.sealstream.tls.TlsConfigException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the whole stack in this process (embedded Kafka broker, key-service, encryptor,
 * store-writer, ingest-api) on 127.0.0.1, prints the S3 endpoint and credentials once it serves,
 * and stops cleanly on Ctrl-C or SIGTERM. Restarting on the same data directory keeps every
 * object.
 *
 * <p>The endpoint speaks HTTPS: with the development certificate of {@code <data-dir>/tls/}
 * (made on first start), or with {@code --tls-cert}/{@code --tls-key}. {@code --plain-http} is
 * for benchmarks behind a TLS-terminating proxy; SSE-C is refused over it.
 */
@Command(name = "up", description = "Run the whole stack on this machine (embedded Kafka broker).")
final class UpCommand implements Callable<Integer>, Console.Aware {
  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "data",
      description = "Where all state lives (default: ./data).")
  Path dataDir;

  @Option(
      names = "--s3-port",
      paramLabel = "N",
      defaultValue = "9000",
      description = "Port of the S3 endpoint on 127.0.0.1 (default: 9000).")
  int s3Port;

  @Option(
      names = "--tls-cert",
      paramLabel = "PEM",
      description = "Certificate chain (PEM, leaf first) to serve instead of the development certificate.")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "PEM",
      description = "Unencrypted private key (PEM) of --tls-cert.")
  Path tlsKey;

  @Option(
      names = "--plain-http",
      description = "Serve plain HTTP, e.g. behind a TLS-terminating proxy. SSE-C is then refused.")
  boolean plainHttp;

  private Console console;

  @Override
  public void console(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() throws Exception {
    PrintStream out = new PrintStream(console.out(), true, StandardCharsets.UTF_8);
    Path data = dataDir.toAbsolutePath();
    S3Transport transport;
    try {
      transport = transport(data);
    } catch (IllegalArgumentException | TlsConfigException e) {
      console.err().println("sealstream up: " + e.getMessage());
      return Sealstream.EXIT_USAGE;
    }
    if (!transport.isTls()) {
      // said before anything starts, and again in the banner
      console.err().println(StartBanner.PLAIN_HTTP_WARNING);
    }
    Stack stack = Stack.start(data);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stack.close();
                  stopped.countDown();
                },
                "sealstream-shutdown"));
    java.net.URI endpoint = stack.startIngest(s3Port, transport);
    StartBanner.lines(
            endpoint, transport, stack.accessKey, stack.secretKey, data, Clock.systemUTC(), stack.kms.uri())
        .forEach(out::println);
    stopped.await();
    return 0;
  }

  /** The transport the options ask for, its files loaded (or the dev certificate made) now. */
  private S3Transport transport(Path data) throws TlsConfigException {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together");
    }
    if (plainHttp && tlsCert != null) {
      throw new IllegalArgumentException("--plain-http serves no certificate: drop --tls-cert/--tls-key");
    }
    if (plainHttp) {
      return S3Transport.plainHttp();
    }
    if (tlsCert != null) {
      return S3Transport.operatorPem(tlsCert.toAbsolutePath(), tlsKey.toAbsolutePath());
    }
    return S3Transport.devCertificate(data);
  }
}
