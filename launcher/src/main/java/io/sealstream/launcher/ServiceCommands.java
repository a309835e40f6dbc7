package io.sealstream.launcher;

import io.sealstream.blobstore.FileBlobStore;
import io.sealstream.encryptor.EncryptorService;
import io.sealstream.keymaterial.KeyLifecycleWatcher;
import io.sealstream.keymaterial.KeyServiceKeySource;
import io.sealstream.schemas.InProcessSchemaRegistry;
import io.sealstream.storewriter.StoreWriter;
import java.net.URI;
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
        names = "--kms-tls-dir",
        paramLabel = "DIR",
        description = "key-service's development PKI (<data-dir>/kms-tls): presents its pipeline certificate, trusts its CA.")
    Path kmsTlsDir;

    @Option(names = "--kms-cert", paramLabel = "PATH", description = "Client certificate (PEM) for key-service, instead of --kms-tls-dir.")
    Path kmsCert;

    @Option(names = "--kms-key", paramLabel = "PATH", description = "Its private key (PEM).")
    Path kmsKey;

    @Option(names = "--kms-ca", paramLabel = "PATH", description = "The CA (PEM) key-service's certificate chains to.")
    Path kmsCa;

    @Option(names = "--state-dir", required = true, description = "Kafka Streams state directory.")
    Path stateDir;

    @Override
    public Integer call() throws Exception {
      if (kmsTlsDir == null && kmsCert == null) {
        throw new IllegalArgumentException("give --kms-tls-dir, or --kms-cert, --kms-key and --kms-ca");
      }
      StackTopics topics = new StackTopics("sealstream.");
      KeyServiceKeySource keys =
          Services.keySource(
              kmsUrl,
              Services.kmsClientTls(kmsTlsDir, StackKeyService.PIPELINE, kmsCert, kmsKey, kmsCa));
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
