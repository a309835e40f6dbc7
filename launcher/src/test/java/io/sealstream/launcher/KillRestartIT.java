package io.sealstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealstream.schemas.ObjectManifest;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * kill -9 of the encryptor or the store-writer process in the middle of concurrent uploads, then
 * a restart: every PUT completes, every object reads back byte-exact, and each is stored once.
 */
class KillRestartIT {
  private static final int OBJECTS = 8;
  private static final int SIZE = 16 << 20;
  @TempDir Path dataDir;
  private Stack stack;
  private S3Client s3;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stop() {
    processes.forEach(Process::destroyForcibly);
    if (s3 != null) {
      s3.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void encryptorKilledMidUpload_losesNothingAndStoresNothingTwice() throws Exception {
    killAndRestartDuringUploads(Stack.Service.STORE_WRITER, this::startEncryptorProcess);
  }

  @Test
  void storeWriterKilledMidUpload_losesNothingAndStoresNothingTwice() throws Exception {
    killAndRestartDuringUploads(Stack.Service.ENCRYPTOR, this::startWriterProcess);
  }

  interface ProcessStarter {
    Process start() throws Exception;
  }

  private void killAndRestartDuringUploads(Stack.Service inProcess, ProcessStarter external)
      throws Exception {
    // Given the stack with one service in its own process, and uploads under way
    stack = Stack.start(dataDir, EnumSet.of(inProcess));
    S3Transport transport = S3Transport.devCertificate(dataDir);
    s3 = client(stack.startIngest(0, transport), transport.trustFile());
    s3.createBucket(b -> b.bucket("crash"));
    Process first = external.start();
    Map<String, byte[]> objects = new HashMap<>();
    for (int i = 0; i < OBJECTS; i++) {
      byte[] data = new byte[SIZE];
      new Random(i).nextBytes(data);
      objects.put("o" + i, data);
    }
    ExecutorService pool = Executors.newFixedThreadPool(OBJECTS);
    List<Future<?>> puts = new ArrayList<>();
    for (var e : objects.entrySet()) {
      puts.add(
          pool.submit(
              () ->
                  s3.putObject(
                      b -> b.bucket("crash").key(e.getKey()), RequestBody.fromBytes(e.getValue()))));
    }

    // When the external service is killed mid-upload and started again
    Thread.sleep(1_500);
    assertThat(puts.stream().filter(Future::isDone).count())
        .as("uploads still under way when the process is killed")
        .isLessThan(OBJECTS);
    first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    Thread.sleep(1_000);
    external.start();

    // Then every PUT is answered 200 and every object reads back byte-exact
    for (Future<?> put : puts) {
      put.get(3, TimeUnit.MINUTES);
    }
    pool.shutdown();
    for (var e : objects.entrySet()) {
      byte[] read;
      try (InputStream in = s3.getObject(b -> b.bucket("crash").key(e.getKey()))) {
        read = in.readAllBytes();
      }
      assertThat(sha256(read)).as(e.getKey()).isEqualTo(sha256(e.getValue()));
    }
    // And each object has exactly one manifest and one blob
    Map<String, Integer> manifestsPerKey = new HashMap<>();
    for (ObjectManifest m : manifests()) {
      manifestsPerKey.merge(m.getObjectKey(), 1, Integer::sum);
    }
    assertThat(manifestsPerKey).hasSize(OBJECTS).allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1));
    try (Stream<Path> blobs = Files.walk(dataDir.resolve("blobs").resolve("blobs"))) {
      assertThat(blobs.filter(Files::isRegularFile).count()).isEqualTo(OBJECTS);
    }
  }

  private Process startEncryptorProcess() throws Exception {
    return spawn(
        "encryptor",
        "--bootstrap", stack.broker.bootstrapServers(),
        "--kms-url", stack.kms.uri().toString(),
        "--kms-tls-dir", dataDir.resolve("kms-tls").toString(),
        "--state-dir", dataDir.resolve("encryptor-process-state").toString());
  }

  private Process startWriterProcess() throws Exception {
    return spawn(
        "store-writer",
        "--bootstrap", stack.broker.bootstrapServers(),
        "--blob-dir", dataDir.resolve("blobs").toString());
  }

  /** Starts {@code sealstream <args>} as a child JVM and waits until it says it runs. */
  private Process spawn(String... args) throws Exception {
    Path log = dataDir.resolve(args[0] + "-" + UUID.randomUUID() + ".log");
    Process p = ChildJvm.start(List.of(), log, List.of(args));
    processes.add(p);
    ChildJvm.awaitOutput(p, log, "running", Duration.ofSeconds(60));
    return p;
  }

  private List<ObjectManifest> manifests() {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.broker.bootstrapServers());
    c.put(ConsumerConfig.GROUP_ID_CONFIG, "count-" + UUID.randomUUID());
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ObjectManifest> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(stack.topics.objects()));
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() != null) {
            out.add(stack.serde(ObjectManifest.class).deserialize(r.topic(), r.value()));
          }
        }
      }
    }
    return out;
  }

  /** Over HTTPS, trusting exactly the stack's development CA. */
  private S3Client client(URI endpoint, Path caFile) throws Exception {
    return StackClients.s3(endpoint, stack.accessKey, stack.secretKey)
        .httpClient(StackClients.trusting(caFile).socketTimeout(Duration.ofMinutes(3)).build())
        .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofMinutes(3)))
        .build();
  }

  private static String sha256(byte[] b) throws Exception {
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
