package io.sealstream.launcher;

import io.sealstream.blobstore.FileBlobStore;
import io.sealstream.encryptor.EncryptorService;
import io.sealstream.keymaterial.KeyLifecycleWatcher;
import io.sealstream.keymaterial.KeyServiceKeySource;
import io.sealstream.schemas.InProcessSchemaRegistry;
import io.sealstream.storewriter.StoreWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One pipeline service as its own process, against a broker and key-service that run elsewhere
 * (for example under {@code sealstream up}, or for the kill-and-restart tests). Each runs until
 * SIGTERM.
 */
final class ServiceCommands {
  private ServiceCommands() {}

  @Command(name = "encryptor", description = "Run encryptor-streams as its own process.")
  static final class Encryptor implements Callable<Integer> {
    @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--kms-url", required = true, description = "key-service URL.")
    URI kmsUrl;

    @Option(
        names = "--kms-api-key-file",
        required = true,
        description = "File holding the key-service API key.")
    Path apiKeyFile;

    @Option(names = "--state-dir", required = true, description = "Kafka Streams state directory.")
    Path stateDir;

    @Override
    public Integer call() throws Exception {
      String apiKey = Files.readString(apiKeyFile, StandardCharsets.US_ASCII).strip();
      StackTopics topics = new StackTopics("sealstream.");
      KeyServiceKeySource keys = Services.keySource(kmsUrl, apiKey);
      // this process's caches hear of disables, deletes, rotations and seals too
      KeyLifecycleWatcher watcher = KeyLifecycleWatcher.start(bootstrap, topics.kmsEvents(), keys);
      EncryptorService service =
          Services.encryptor(
              bootstrap, stateDir, topics, InProcessSchemaRegistry.withPipelineSchemas(), keys);
      service.start();
      awaitTermination(
          () -> {
            try {
              service.close();
            } finally {
              watcher.close();
            }
          });
      return 0;
    }
  }

  @Command(name = "store-writer", description = "Run store-writer as its own process.")
  static final class Writer implements Callable<Integer> {
    @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers.")
    String bootstrap;

    @Option(names = "--blob-dir", required = true, description = "The blob store's directory.")
    Path blobDir;

    @Override
    public Integer call() throws Exception {
      StoreWriter writer =
          Services.storeWriter(
              bootstrap,
              new StackTopics("sealstream."),
              InProcessSchemaRegistry.withPipelineSchemas(),
              new FileBlobStore(blobDir));
      Thread t = new Thread(writer, "store-writer");
      t.start();
      awaitTermination(writer);
      t.join(30_000);
      return 0;
    }
  }

  private static void awaitTermination(AutoCloseable service) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    service.close();
                  } catch (Exception e) {
                    // stopping anyway
                  }
                  stopped.countDown();
                }));
    System.out.println("running");
    stopped.await();
  }
}
