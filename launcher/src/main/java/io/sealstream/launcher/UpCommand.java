package io.sealstream.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * Runs the whole stack. Until the pipeline modules exist it says so and lists the tools that do
 * work, rather than pretending to serve S3.
 */
@Command(name = "up", description = "Run the whole stack on this machine (embedded Kafka broker).")
final class UpCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.out.println(
        """
        Sealstream: the S3 pipeline (ingest-api, encryptor-streams, store-writer, key-service)
        is not built yet, so there is no S3 endpoint to start.

        Available now:
          sealstream dare encrypt --key HEX [--cipher aes|chacha]   < plaintext  > ciphertext
          sealstream dare decrypt --key HEX                          < ciphertext > plaintext
        """);
    return 0;
  }
}
