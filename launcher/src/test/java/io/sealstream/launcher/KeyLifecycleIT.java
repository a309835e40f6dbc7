package io.sealstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sealstream.keymaterial.KeySourceMetrics;
import io.sealstream.keyservice.Identity;
import io.sealstream.keyservice.client.KeyServiceAdminClient;
import io.sealstream.keyservice.client.KeyServiceException;
import io.sealstream.keyservice.client.KeyServiceUnavailableException;
import io.sealstream.tls.TrustBundle;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Issue 5's lifecycle through S3: master keys named by SSE-KMS key ids, and every transition an
 * operator makes (disable, enable, rotate, seal, unseal, delete) proven by real GETs, HEADs and
 * PUTs with the AWS SDK over HTTPS against one stack; "which objects depend on K" before a
 * delete; a key-service outage shorter and longer than the caches' lifetime; and the audit
 * (file and topic) holding an entry for every generate and decrypt the pipeline made.
 *
 * <p>The caches keep their production lifetimes (5 min for opened keys, 1 h for bucket keys), so
 * a transition seen within the tests' waits was delivered by the lifecycle events, not by
 * expiry; the outage test moves the caches' clock instead of sleeping. No timed assertions: every
 * wait is for a condition, with a generous bound.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeyLifecycleIT {
  private static final String BUCKET = "lifecycle";
  private static final int MIB = 1 << 20;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dataDir;
  private static Stack stack;
  private static S3Client s3;
  private static KeyServiceAdminClient admin;
  private static final MovableClock CLOCK = new MovableClock();

  /** System time plus an offset the outage test moves forward: cache entries expire at once. */
  static final class MovableClock extends Clock {
    private final AtomicLong offsetMillis = new AtomicLong();

    void advance(Duration d) {
      offsetMillis.addAndGet(d.toMillis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis());
    }

    @Override
    public long millis() {
      return System.currentTimeMillis() + offsetMillis.get();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    stack = Stack.start(dataDir, EnumSet.allOf(Stack.Service.class),
        new KeyCaching(Duration.ofHours(1), Duration.ofMinutes(5), CLOCK));
    S3Transport transport = S3Transport.devCertificate(dataDir);
    URI endpoint = stack.startIngest(0, transport);
    s3 = StackClients.s3(endpoint, stack.accessKey, stack.secretKey)
        .httpClient(StackClients.trusting(transport.trustFile()).build())
        // one answer per request: the test sees each 4xx/5xx as the server gave it
        .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry()))
        .build();
    s3.createBucket(b -> b.bucket(BUCKET));
    admin = stack.kms.adminClient();
  }

  @AfterAll
  static void stop() {
    if (s3 != null) {
      s3.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  // ---------------------------------------------------------------- helpers

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static void putKms(String key, String masterKey, byte[] data) {
    s3.putObject(b -> b.bucket(BUCKET).key(key).serverSideEncryption(ServerSideEncryption.AWS_KMS)
        .ssekmsKeyId(masterKey), RequestBody.fromBytes(data));
  }

  private static void putS3(String key, byte[] data) {
    s3.putObject(b -> b.bucket(BUCKET).key(key).serverSideEncryption(ServerSideEncryption.AES256),
        RequestBody.fromBytes(data));
  }

  /** A two-part SSE-KMS multipart object: 5 MiB and the rest of {@code data}. */
  private static void multipartKms(String key, String masterKey, byte[] data) {
    String uploadId = s3.createMultipartUpload(b -> b.bucket(BUCKET).key(key)
        .serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(masterKey)).uploadId();
    List<CompletedPart> parts = new ArrayList<>();
    int[] bounds = {0, 5 * MIB, data.length};
    for (int n = 1; n <= 2; n++) {
      int part = n;
      byte[] slice = Arrays.copyOfRange(data, bounds[n - 1], bounds[n]);
      String etag = s3.uploadPart(b -> b.bucket(BUCKET).key(key).uploadId(uploadId).partNumber(part),
          RequestBody.fromBytes(slice)).eTag();
      parts.add(CompletedPart.builder().partNumber(part).eTag(etag).build());
    }
    s3.completeMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(uploadId)
        .multipartUpload(m -> m.parts(parts)));
  }

  private static byte[] get(String key) {
    return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
  }

  private static S3Exception getFailure(String key) {
    try {
      get(key);
      return null;
    } catch (S3Exception e) {
      return e;
    }
  }

  private static S3Exception headFailure(String key) {
    try {
      s3.headObject(b -> b.bucket(BUCKET).key(key));
      return null;
    } catch (S3Exception e) {
      return e;
    }
  }

  private static S3Exception putFailure(Runnable put) {
    try {
      put.run();
      return null;
    } catch (S3Exception e) {
      return e;
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + WAIT + ": " + what);
      }
      Thread.sleep(100);
    }
  }

  private static boolean fails(S3Exception e, int status, String code) {
    return e != null && e.statusCode() == status
        && (code == null || code.equals(e.awsErrorDetails().errorCode()));
  }

  /** Waits until a GET of {@code key} fails with {@code status} and {@code code}. */
  private static void awaitGetFails(String key, int status, String code) throws InterruptedException {
    await("GET " + key + " → " + status + " " + code, () -> fails(getFailure(key), status, code));
  }

  private static void awaitReadable(String key, byte[] expected) throws InterruptedException {
    await("GET " + key + " byte-exact", () -> {
      try {
        return Arrays.equals(get(key), expected);
      } catch (S3Exception e) {
        return false;
      }
    });
  }

  private static DareCommandTest.Result kms(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "kms";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--data-dir";
    all[args.length + 2] = dataDir.toString();
    return DareCommandTest.run(new byte[0], all);
  }

  private static JsonNode json(DareCommandTest.Result r) throws Exception {
    assertThat(r.status()).as(r.err()).isZero();
    return JSON.readTree(r.out());
  }

  // ---------------------------------------------------------------- wiring

  @Test
  @Order(1)
  void kmsCommand_findsTheStacksKeyServiceInTheDataDirectory_andThePipelineMayOnlyUseDataKeys()
      throws Exception {
    assertThat(Files.readString(dataDir.resolve("kms-endpoint")).strip())
        .isEqualTo(stack.kms.uri().toString());
    assertThat(json(kms("status")).get("status").asText()).isEqualTo("ok");
    assertThat(Files.exists(dataDir.resolve("kms-policies.json"))).isTrue();
    JsonNode policies = json(kms("policy", "show"));
    assertThat(policies.get("admin").asText()).isEqualTo(identityOf("admin"));
    // the pipeline's identity may generate and decrypt, not administer
    KeyServiceAdminClient asPipeline =
        new KeyServiceAdminClient(stack.kms.uri(), null, Services.kmsHttpClient(stack.kms.pipelineTls()));
    assertThatThrownBy(() -> asPipeline.disable(Stack.DEFAULT_MASTER_KEY))
        .isInstanceOfSatisfying(KeyServiceException.class, e -> assertThat(e.status()).isEqualTo(403));
  }

  @Test
  @Order(1)
  void keyService_speaksMutualTls_aClientWithoutACertificateIsRefusedAtTheHandshake() throws Exception {
    assertThat(stack.kms.uri().getScheme()).isEqualTo("https");
    long audited = Files.readAllLines(dataDir.resolve("kms-audit.log")).size();
    // trusting the CA, presenting no certificate: the TLS handshake fails, no request is read
    SSLContext noCertificate = TrustBundle.fromPem(dataDir.resolve("kms-tls/ca.pem")).clientContext();
    KeyServiceAdminClient anonymous =
        new KeyServiceAdminClient(stack.kms.uri(), null, Services.kmsHttpClient(noCertificate));
    // (TLS 1.3: the server's verdict comes after the client's Finished, so the client sees the
    // connection closed without an answer)
    assertThatThrownBy(anonymous::status).isInstanceOf(KeyServiceUnavailableException.class);
    // TLS 1.2 shows the refusal inside the handshake itself: it never completes (the server
    // drops the connection, so the client sees a handshake alert or a broken connection)
    try (SSLSocket socket = (SSLSocket) noCertificate.getSocketFactory()
        .createSocket("127.0.0.1", stack.kms.uri().getPort())) {
      socket.setSoTimeout(10_000);
      socket.setEnabledProtocols(new String[] {"TLSv1.2"});
      assertThatThrownBy(socket::startHandshake).isInstanceOf(java.io.IOException.class);
    }
    // plain HTTP on the same port gets no answer either
    KeyServiceAdminClient plain = new KeyServiceAdminClient(
        URI.create(stack.kms.uri().toString().replace("https:", "http:")), "any-api-key-0123456789");
    assertThatThrownBy(plain::status).isInstanceOf(KeyServiceUnavailableException.class);
    // the pipeline's certificate is refused an admin route, the admin's is not
    KeyServiceAdminClient asPipeline =
        new KeyServiceAdminClient(stack.kms.uri(), null, Services.kmsHttpClient(stack.kms.pipelineTls()));
    assertThatThrownBy(asPipeline::policyShow)
        .isInstanceOfSatisfying(KeyServiceException.class, e -> assertThat(e.status()).isEqualTo(403));
    assertThat(stack.kms.adminClient().policyShow()).contains(identityOf("pipeline"));
    // only the two calls that got through the handshake were audited, under the certificates' identities
    List<String> audit = Files.readAllLines(dataDir.resolve("kms-audit.log"));
    assertThat(audit.subList((int) audited, audit.size()))
        .hasSize(2)
        .satisfiesExactly(
            l -> assertThat(l).contains(identityOf("pipeline")).contains("NotAuthorized"),
            l -> assertThat(l).contains(identityOf("admin")));
  }

  /** The identity of a certificate of the stack's key-service PKI: SHA-256 of its public key. */
  private static String identityOf(String client) throws Exception {
    return Identity.ofPublicKey(stack.kms.pki().certificate(client).getPublicKey()).hex();
  }

  // ---------------------------------------------------------------- transitions

  @Test
  @Order(2)
  void disable_refusesGetHeadAndPut_withKmsDisabled_andEnable_bringsTheObjectsBack() throws Exception {
    // Given objects under their own master key, read once (so their keys are cached)
    admin.create("lc-disable");
    byte[] single = random(300_000, 21);
    byte[] multi = random(6 * MIB + 17, 22);
    putKms("dis/single", "lc-disable", single);
    multipartKms("dis/multi", "lc-disable", multi);
    assertThat(get("dis/single")).isEqualTo(single);
    assertThat(get("dis/multi")).isEqualTo(multi);

    // When the key is disabled
    admin.disable("lc-disable");

    // Then GET (well inside the 5-minute cache lifetime), HEAD and PUT are refused
    awaitGetFails("dis/single", 400, "KMS.DisabledException");
    awaitGetFails("dis/multi", 400, "KMS.DisabledException");
    assertThat(headFailure("dis/single").statusCode()).isEqualTo(400);
    assertThat(putFailure(() -> putKms("dis/new", "lc-disable", single)))
        .satisfies(e -> assertThat(fails(e, 400, "KMS.DisabledException")).as(String.valueOf(e)).isTrue());
    // and other keys' objects are untouched
    putS3("dis/other", single);
    assertThat(get("dis/other")).isEqualTo(single);

    // When enabled again, Then everything reads byte-exact and writes work
    admin.enable("lc-disable");
    awaitReadable("dis/single", single);
    awaitReadable("dis/multi", multi);
    putKms("dis/new", "lc-disable", multi);
    assertThat(get("dis/new")).isEqualTo(multi);
  }

  @Test
  @Order(3)
  void rotate_keepsOldObjectsReadable_andNewWritesWork() throws Exception {
    admin.create("lc-rotate");
    byte[] before = random(100_000, 31);
    putKms("rot/before", "lc-rotate", before);

    JsonNode rotated = JSON.readTree(admin.rotate("lc-rotate"));
    assertThat(rotated.get("latestVersion").asInt()).isEqualTo(2);

    byte[] after = random(6 * MIB, 32);
    multipartKms("rot/after", "lc-rotate", after);
    putKms("rot/after-single", "lc-rotate", before);
    assertThat(get("rot/before")).isEqualTo(before);
    assertThat(get("rot/after")).isEqualTo(after);
    assertThat(get("rot/after-single")).isEqualTo(before);
  }

  @Test
  @Order(4)
  void seal_makesGetsAndPuts503_andUnseal_bringsThemBack() throws Exception {
    admin.create("lc-seal");
    byte[] data = random(200_000, 41);
    putKms("seal/kms", "lc-seal", data);
    putS3("seal/s3", data);
    assertThat(get("seal/kms")).isEqualTo(data);

    assertThat(json(kms("seal")).get("sealed").asBoolean()).isTrue();
    try {
      awaitGetFails("seal/kms", 503, "ServiceUnavailable");
      awaitGetFails("seal/s3", 503, "ServiceUnavailable");
      assertThat(getFailure("seal/kms").awsErrorDetails().errorMessage()).contains("sealed");
      assertThat(headFailure("seal/s3").statusCode()).isEqualTo(503);
      assertThat(putFailure(() -> putS3("seal/new", data)))
          .satisfies(e -> assertThat(fails(e, 503, "ServiceUnavailable")).as(String.valueOf(e)).isTrue());
      assertThat(putFailure(() -> putKms("seal/new", "lc-seal", data)))
          .satisfies(e -> assertThat(fails(e, 503, "ServiceUnavailable")).as(String.valueOf(e)).isTrue());
    } finally {
      DareCommandTest.Result unsealed =
          kms("unseal", "--secret-file", dataDir.resolve("root.key").toString());
      assertThat(unsealed.status()).as(unsealed.err()).isZero();
    }
    awaitReadable("seal/kms", data);
    awaitReadable("seal/s3", data);
    putS3("seal/new", data);
    assertThat(get("seal/new")).isEqualTo(data);
  }

  @Test
  @Order(5)
  void delete_isRefusedWithoutConfirmation_afterSayingWhatDependsOnTheKey_andThenObjectsAreGoneForGood()
      throws Exception {
    admin.create("lc-delete");
    admin.create("lc-unused");
    byte[] single = random(150_000, 51);
    byte[] multi = random(5 * MIB + 3, 52);
    putKms("del/single", "lc-delete", single);
    multipartKms("del/multi", "lc-delete", multi);
    putS3("del/s3", single); // under the default key: not a dependent
    assertThat(get("del/single")).isEqualTo(single);

    // Which objects depend on the key: answered from the objects topic
    JsonNode dependents = json(kms("dependents", "lc-delete"));
    assertThat(dependents.get("objects").asLong()).isEqualTo(2);
    assertThat(dependents.get("uploadsInProgress").asLong()).isZero();
    assertThat(dependents.get("firstObjects").toString())
        .isEqualTo("[\"" + BUCKET + "/del/multi\",\"" + BUCKET + "/del/single\"]");
    assertThat(json(kms("dependents", "lc-unused")).get("objects").asLong()).isZero();
    assertThat(json(kms("dependents", Stack.DEFAULT_MASTER_KEY)).get("objects").asLong())
        .isGreaterThanOrEqualTo(1);

    // delete says what is at stake, and refuses without the flag
    DareCommandTest.Result refused = kms("delete", "lc-delete");
    assertThat(refused.status()).isEqualTo(Sealstream.EXIT_USAGE);
    assertThat(refused.err()).contains("2 object(s)").contains("--yes-destroy-data");
    assertThat(get("del/single")).isEqualTo(single);

    DareCommandTest.Result deleted = kms("delete", "lc-delete", "--yes-destroy-data");
    assertThat(deleted.status()).as(deleted.err()).isZero();
    assertThat(deleted.err()).contains("2 object(s)");

    // Then the objects are unreadable with a clear 400, every time
    awaitGetFails("del/single", 400, "KMS.NotFoundException");
    awaitGetFails("del/multi", 400, "KMS.NotFoundException");
    assertThat(headFailure("del/multi").statusCode()).isEqualTo(400);
    assertThat(fails(getFailure("del/single"), 400, "KMS.NotFoundException")).isTrue();
    assertThat(putFailure(() -> putKms("del/new", "lc-delete", single)))
        .satisfies(e -> assertThat(fails(e, 400, "KMS.NotFoundException")).as(String.valueOf(e)).isTrue());
    // the rest of the store is untouched
    assertThat(get("del/s3")).isEqualTo(single);
  }

  @Test
  @Order(6)
  void outage_shorterThanTheCaches_isInvisible_longer_is503_andTheStackRecovers() throws Exception {
    byte[] first = random(120_000, 61);
    byte[] second = random(80_000, 62);
    byte[] third = random(90_000, 63);
    putS3("out/first", first);
    assertThat(get("out/first")).isEqualTo(first);

    stack.kms.stop();
    try {
      // shorter than the caches' lifetime: PUT and GET of this bucket go on as if nothing happened
      putS3("out/second", second);
      assertThat(get("out/first")).isEqualTo(first);
      assertThat(get("out/second")).isEqualTo(second);

      // longer: the caches' clock passes every lifetime (bucket key epoch and opened keys)
      CLOCK.advance(Duration.ofHours(2));
      S3Exception read = getFailure("out/first");
      assertThat(fails(read, 503, "ServiceUnavailable")).as(String.valueOf(read)).isTrue();
      assertThat(headFailure("out/second").statusCode()).isEqualTo(503);
      // a new PUT is refused before any byte enters the pipeline (ingest asks for the bucket
      // key first), so nothing is half-stored and the client knows to retry
      S3Exception write = putFailure(() -> putS3("out/third", third));
      assertThat(fails(write, 503, "ServiceUnavailable")).as(String.valueOf(write)).isTrue();
      // and the stack itself keeps serving what needs no key
      assertThat(s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("out/")).keyCount()).isEqualTo(2);
    } finally {
      stack.kms.restart();
    }

    awaitReadable("out/first", first);
    putS3("out/third", third);
    assertThat(get("out/third")).isEqualTo(third);
    assertThat(get("out/second")).isEqualTo(second);
  }

  // ---------------------------------------------------------------- audit

  @Test
  @Order(7)
  void audit_fileAndTopic_holdAnEntryForEveryGenerateAndDecryptThePipelineMade() throws Exception {
    String pipeline = identityOf("pipeline");
    // what the pipeline's key source saw answered by key-service (every attempt; the refused
    // connections of the outage never reached it, so they are not audited)
    KeySourceMetrics metrics = stack.keys.metrics();
    java.util.function.LongSupplier reachedService = () -> {
      long n = 0;
      for (String op : List.of("generate", "decrypt")) {
        for (KeySourceMetrics.Outcome o : KeySourceMetrics.Outcome.values()) {
          if (o != KeySourceMetrics.Outcome.UNAVAILABLE) {
            n += metrics.calls(op, o);
          }
        }
      }
      return n;
    };
    await("audit file ≡ pipeline's key-service calls", () -> dataKeyEntries(fileLines()).size() == reachedService.getAsLong());
    List<JsonNode> entries = dataKeyEntries(fileLines());
    assertThat(entries).isNotEmpty().allSatisfy(e -> assertThat(e.get("identity").asText()).isEqualTo(pipeline));
    Map<String, Long> outcomes = new HashMap<>();
    entries.forEach(e -> outcomes.merge(e.get("outcome").asText(), 1L, Long::sum));
    // the refusals the transitions caused are audited like the successes
    assertThat(outcomes).containsKeys("ok", "KeyDisabled", "Sealed", "KeyNotFound");
    assertThat(outcomes.get("ok")).isEqualTo(metrics.calls("generate", KeySourceMetrics.Outcome.OK)
        + metrics.calls("decrypt", KeySourceMetrics.Outcome.OK));
    // the lifecycle calls are there too
    assertThat(fileLines().stream().map(l -> l.get("operation").asText()))
        .contains("disable", "enable", "rotate", "seal", "unseal", "delete");

    // the topic holds the same records
    await("audit topic ≡ audit file", () -> dataKeyEntries(topicLines()).size() == entries.size());
  }

  private static List<JsonNode> fileLines() {
    try {
      List<JsonNode> out = new ArrayList<>();
      for (String line : Files.readAllLines(dataDir.resolve("kms-audit.log"), StandardCharsets.UTF_8)) {
        out.add(JSON.readTree(line));
      }
      return out;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<JsonNode> dataKeyEntries(List<JsonNode> lines) {
    return lines.stream()
        .filter(l -> List.of("generate", "decrypt").contains(l.get("operation").asText()))
        .toList();
  }

  private static List<JsonNode> topicLines() {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.broker.bootstrapServers());
    List<JsonNode> out = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      TopicPartition tp = new TopicPartition(stack.topics.kmsAudit(), 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      while (consumer.position(tp) < end) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
          out.add(JSON.readTree(r.value()));
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }
}
