package io.sealstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The memory target, kept by CI: the whole stack ({@code sealstream up}: broker, key-service,
 * ingest-api, encryptor, store-writer) in one child JVM capped at {@code -Xmx256m} takes a 1 GiB
 * multipart upload streamed 8 parts at a time and gives it back intact. With Kafka's defaults
 * (the log cleaner's 128 MiB heap buffer, Streams buffering 1,000 records per partition, 50 MiB
 * fetches), and still with looser bounds than today's, that child died of OutOfMemoryError within
 * seconds of such an upload; the 10 GiB measurement is {@code scripts/bench-huge.sh}
 * (docs/benchmarks.md, "A 10 GiB object in 256 MiB heaps").
 */
class HeapBoundIT {
  private static final int PART = 16 << 20;
  private static final int PARTS = 64; // 1 GiB
  private static final int IN_FLIGHT = 8;

  @TempDir Path dir;
  private Process stack;

  @AfterEach
  void stop() throws Exception {
    if (stack != null && stack.isAlive()) {
      stack.destroy();
      stack.waitFor();
    }
  }

  @Test
  void aGibibyteStreamsThroughTheWholeStackInOne256MiBHeap() throws Exception {
    Path data = dir.resolve("data");
    // kept after the run (target/), for whoever reads a failure
    Path log = Files.createDirectories(Path.of("target")).resolve("heap-bound-it-up.log");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    List<String> jvm = new ArrayList<>(List.of(
        // -Dheap-bound.xmx=1g gives room to look at what a run holds (jcmd GC.class_histogram)
        "-Xmx" + System.getProperty("heap-bound.xmx", "256m"),
        "-XX:+ExitOnOutOfMemoryError"));
    // -Dheap-bound.jvm="-XX:+UseParallelGC ..." tries other collectors or options
    String extra = System.getProperty("heap-bound.jvm", "");
    if (!extra.isBlank()) {
      jvm.addAll(List.of(extra.split(" ")));
    }
    stack =
        ChildJvm.start(
            jvm, log, List.of("up", "--data-dir", data.toString(), "--s3-port", Integer.toString(port)));
    String banner = ChildJvm.awaitOutput(stack, log, "\nReady", Duration.ofSeconds(120));
    String accessKey = line(banner, "Access key: ");
    String secretKey = line(banner, "Secret key: ");

    // every part is the same 16 MiB of random bytes, so the object's digest is easy to know
    byte[] part = new byte[PART];
    new Random(42).nextBytes(part);
    MessageDigest expected = MessageDigest.getInstance("SHA-256");
    for (int i = 0; i < PARTS; i++) {
      expected.update(part);
    }

    try {
      uploadAndReadBack(port, accessKey, secretKey, data, part, expected);
    } catch (Exception | AssertionError e) {
      throw new AssertionError("the upload failed; the stack's log ends:\n" + ChildJvm.tail(log), e);
    }
    assertThat(stack.isAlive()).as("the 256 MiB stack is still running:%n%s", ChildJvm.tail(log)).isTrue();
  }

  private void uploadAndReadBack(
      int port, String accessKey, String secretKey, Path data, byte[] part, MessageDigest expected)
      throws Exception {
    try (S3Client s3 =
        StackClients.s3(URI.create("https://127.0.0.1:" + port), accessKey, secretKey)
            .httpClient(
                StackClients.trusting(data.resolve("tls/ca.pem"))
                    .socketTimeout(Duration.ofMinutes(5))
                    .build())
            .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofMinutes(5)))
            .build()) {
      s3.createBucket(b -> b.bucket("big"));
      String uploadId =
          s3.createMultipartUpload(
                  b -> b.bucket("big").key("gib").serverSideEncryption(ServerSideEncryption.AES256))
              .uploadId();
      ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT);
      List<Future<CompletedPart>> parts = new ArrayList<>();
      try {
        for (int i = 1; i <= PARTS; i++) {
          int number = i;
          parts.add(
              pool.submit(
                  () -> {
                    String etag =
                        s3.uploadPart(
                                b -> b.bucket("big").key("gib").uploadId(uploadId).partNumber(number),
                                RequestBody.fromContentProvider(
                                    () -> new ByteArrayInputStream(part), PART, "application/octet-stream"))
                            .eTag();
                    return CompletedPart.builder().partNumber(number).eTag(etag).build();
                  }));
        }
        List<CompletedPart> done = new ArrayList<>();
        for (Future<CompletedPart> f : parts) {
          done.add(f.get());
        }
        s3.completeMultipartUpload(
            b -> b.bucket("big").key("gib").uploadId(uploadId).multipartUpload(m -> m.parts(done)));
      } finally {
        pool.shutdownNow();
      }

      MessageDigest actual = MessageDigest.getInstance("SHA-256");
      long read = 0;
      byte[] buffer = new byte[1 << 16];
      try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket("big").key("gib"))) {
        assertThat(in.response().serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
        int n;
        while ((n = in.read(buffer)) > 0) {
          actual.update(buffer, 0, n);
          read += n;
        }
      }
      assertThat(read).isEqualTo((long) PART * PARTS);
      assertThat(HexFormat.of().formatHex(actual.digest()))
          .isEqualTo(HexFormat.of().formatHex(expected.digest()));
    }
  }

  private static String line(String banner, String prefix) {
    return banner.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length());
  }
}
