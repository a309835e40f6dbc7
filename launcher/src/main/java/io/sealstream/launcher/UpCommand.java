package io.sealstream.launcher;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the whole stack in this process (embedded Kafka broker, key-service, encryptor,
 * store-writer, ingest-api) on 127.0.0.1, prints the S3 endpoint and credentials once it serves,
 * and stops cleanly on Ctrl-C or SIGTERM. Restarting on the same data directory keeps every
 * object.
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

  private Console console;

  @Override
  public void console(Console console) {
    this.console = console;
  }

  @Override
  public Integer call() throws Exception {
    PrintStream out = new PrintStream(console.out(), true, java.nio.charset.StandardCharsets.UTF_8);
    Stack stack = Stack.start(dataDir.toAbsolutePath());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stack.close();
                  stopped.countDown();
                },
                "sealstream-shutdown"));
    int port = stack.startIngest(s3Port);
    out.println("S3 endpoint: http://127.0.0.1:" + port);
    out.println("Access key: " + stack.accessKey);
    out.println("Secret key: " + stack.secretKey);
    out.println("Data directory: " + dataDir.toAbsolutePath());
    out.println("Ready. Ctrl-C stops.");
    stopped.await();
    return 0;
  }
}
