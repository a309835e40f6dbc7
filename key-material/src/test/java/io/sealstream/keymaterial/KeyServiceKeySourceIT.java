package io.sealstream.keymaterial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealstream.channel.ExternalKey;
import io.sealstream.channel.NotAuthenticException;
import io.sealstream.channel.ObjectIdentity;
import io.sealstream.channel.ObjectKey;
import io.sealstream.channel.SealedObjectKey;
import io.sealstream.channel.SealingMode;
import io.sealstream.keyservice.FileMasterKeyStore;
import io.sealstream.keyservice.KeyServiceServer;
import io.sealstream.keyservice.RootKey;
import io.sealstream.keyservice.client.HttpKeyServiceClient;
import io.sealstream.schemas.WrappedKey;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key source against a real key-service over HTTP. */
class KeyServiceKeySourceIT {
  private static final String API_KEY = "test-api-key-0123456789";
  @TempDir Path dir;
  private KeyServiceServer server;
  private HttpKeyServiceClient client;
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(now.get());
        }
      };

  @BeforeEach
  void start() throws Exception {
    RootKey root = RootKey.generateTo(dir.resolve("root.key"));
    FileMasterKeyStore store = FileMasterKeyStore.open(dir.resolve("keys"), root);
    server = new KeyServiceServer(store, List.of(API_KEY)).start(0);
    client = new HttpKeyServiceClient(server.uri(), API_KEY);
    client.create("default").toCompletableFuture().join();
    client.create("tenant").toCompletableFuture().join();
    client.create("transit").toCompletableFuture().join();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private KeyServiceKeySource source() {
    return new KeyServiceKeySource(
        client, "default", Duration.ofHours(1), Duration.ofMinutes(5), clock);
  }

  @Test
  void manyObjectsOfABucketInOneEpoch_costOneGenerateCall_andANewEpochOneMore() throws Exception {
    KeyServiceKeySource keys = source();

    for (int i = 0; i < 100; i++) {
      keys.bucketKey("photos", null, null).key().destroy();
    }
    assertThat(keys.keyServiceCalls()).isEqualTo(1);

    now.addAndGet(Duration.ofHours(1).toMillis());
    keys.bucketKey("photos", null, null).key().destroy();
    assertThat(keys.keyServiceCalls()).isEqualTo(2);
  }

  @Test
  void bucketKey_opensForAReaderInAnotherProcess_onlyInItsBucketAndContext() throws Exception {
    // Given a bucket key for an SSE-KMS object with a client context, sealing an object key
    KeyMaterialSource.BucketKey bk = source().bucketKey("b", "tenant", "{\"project\":\"x\"}");
    ObjectIdentity id = new ObjectIdentity("b", "k", "v1");
    ObjectKey oek = ObjectKey.generate(bk.key());
    SealedObjectKey sealed = oek.seal(bk.key(), SealingMode.SSE_KMS, id);

    // When another source (another process: empty caches) opens its ciphertext
    KeyServiceKeySource reader = source();
    ExternalKey ek = reader.openBucketKey("b", "tenant", bk.ciphertext(), "{\"project\":\"x\"}");

    // Then the object key unseals; with another bucket or context key-service refuses
    assertThat(ObjectKey.unseal(ek, SealingMode.SSE_KMS, id, sealed)).isNotNull();
    assertThat(reader.keyServiceCalls()).isEqualTo(1);
    assertThatThrownBy(() -> reader.openBucketKey("other", "tenant", bk.ciphertext(), "{\"project\":\"x\"}"))
        .isInstanceOf(NotAuthenticException.class);
    assertThatThrownBy(() -> reader.openBucketKey("b", "tenant", bk.ciphertext(), null))
        .isInstanceOf(NotAuthenticException.class);
  }

  @Test
  void customerKey_wrappedForAnUpload_unwrapsOnlyForThatUpload() throws Exception {
    KeyServiceKeySource writerSide = source();
    byte[] customer = new byte[32];
    Arrays.fill(customer, (byte) 0x5a);

    WrappedKey wrapped = new CustomerKeyTransit(writerSide, "transit").wrap(customer, "upload-1");
    ExternalKey unwrapped = source().unwrapCustomerKey(wrapped, "upload-1");

    // the unwrapped key seals and unseals like the customer key itself
    ObjectIdentity id = new ObjectIdentity("b", "k", "v");
    SealedObjectKey sealed =
        ObjectKey.generate(unwrapped).seal(unwrapped, SealingMode.SSE_C, id);
    assertThat(ObjectKey.unseal(ExternalKey.copyOf(customer), SealingMode.SSE_C, id, sealed))
        .isNotNull();
    assertThat(wrapped.toString()).doesNotContain("5a5a5a5a");
    assertThatThrownBy(() -> source().unwrapCustomerKey(wrapped, "upload-2"))
        .isInstanceOf(NotAuthenticException.class);
  }

  @Test
  void unknownMasterKey_isAClientErrorNotAnOutage() {
    assertThatThrownBy(() -> source().bucketKey("b", "no-such-key", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void keyServiceDown_isKeyUnavailable_andCachedKeysStillServe() throws Exception {
    KeyServiceKeySource keys = source();
    KeyMaterialSource.BucketKey bk = keys.bucketKey("b", null, null);

    server.close();

    assertThat(keys.bucketKey("b", null, null).ciphertext()).isEqualTo(bk.ciphertext());
    assertThat(keys.openBucketKey("b", "default", bk.ciphertext(), null)).isNotNull();
    assertThatThrownBy(() -> keys.bucketKey("new-bucket", null, null))
        .isInstanceOf(KeyUnavailableException.class);
  }

  /** An admin call over raw HTTP (the pipeline's client has no admin API). */
  private int admin(String path, String body) throws Exception {
    java.net.http.HttpRequest request =
        java.net.http.HttpRequest.newBuilder(URI.create(server.uri() + path))
            .header("Authorization", "Bearer " + API_KEY)
            .POST(body == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(body))
            .build();
    return java.net.http.HttpClient.newHttpClient()
        .send(request, java.net.http.HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  @Test
  void disabledKey_isMasterKeyDisabled_notRetried_andEnablingBringsItBack() throws Exception {
    // Given: a reader has the key cached
    KeyServiceKeySource keys = source();
    KeyMaterialSource.BucketKey bk = keys.bucketKey("b", "tenant", null);
    // When
    assertThat(admin("/v1/key/disable/tenant", null)).isEqualTo(200);
    // Then: cached keys serve until dropped (bounded staleness) ...
    assertThat(keys.openBucketKey("b", "tenant", bk.ciphertext(), null)).isNotNull();
    assertThat(keys.invalidate("tenant")).isGreaterThan(0);
    // ... and then every use is refused, at once and without retries
    assertThatThrownBy(() -> keys.bucketKey("b", "tenant", null))
        .isInstanceOf(MasterKeyDisabledException.class)
        .isInstanceOf(KeyUnavailableException.class)
        .hasMessage("master key 'tenant' is disabled")
        .matches(e -> !((KeyUnavailableException) e).isRetryable());
    assertThatThrownBy(() -> keys.openBucketKey("b", "tenant", bk.ciphertext(), null))
        .isInstanceOf(MasterKeyDisabledException.class);
    assertThat(keys.metrics().calls("generate", KeySourceMetrics.Outcome.DISABLED)).isEqualTo(1);
    assertThat(keys.metrics().calls("decrypt", KeySourceMetrics.Outcome.DISABLED)).isEqualTo(1);
    // And when
    assertThat(admin("/v1/key/enable/tenant", null)).isEqualTo(200);
    // Then
    assertThat(keys.openBucketKey("b", "tenant", bk.ciphertext(), null)).isNotNull();
  }

  @Test
  void deletedKey_opensAsUnknownMasterKey_notAsTampering() throws Exception {
    // Given a stored bucket key, cached
    KeyServiceKeySource keys = source();
    KeyMaterialSource.BucketKey bk = keys.bucketKey("b", "tenant", null);
    // When the master key is deleted and the caches hear of it (the seal drops every key)
    new io.sealstream.keyservice.client.KeyServiceAdminClient(server.uri(), API_KEY).delete("tenant");
    assertThat(keys.invalidateAll()).isGreaterThan(0);
    // Then opening it says the key is gone (S3: 400 KMS.NotFoundException), not "not authentic"
    assertThatThrownBy(() -> keys.openBucketKey("b", "tenant", bk.ciphertext(), null))
        .isInstanceOf(UnknownMasterKeyException.class)
        .hasMessage("master key 'tenant' does not exist");
    assertThatThrownBy(() -> keys.bucketKey("b", "tenant", null))
        .isInstanceOf(UnknownMasterKeyException.class);
  }

  @Test
  void sealedKeyService_isSealed_notRetried_untilUnsealed() throws Exception {
    // Given
    KeyServiceKeySource warm = source();
    KeyMaterialSource.BucketKey bk = warm.bucketKey("b", null, null);
    // When
    assertThat(admin("/v1/sys/seal", null)).isEqualTo(200);
    KeyServiceKeySource cold = source();
    // Then
    assertThatThrownBy(() -> cold.openBucketKey("b", "default", bk.ciphertext(), null))
        .isInstanceOf(SealedKeyServiceException.class)
        .matches(e -> !((KeyUnavailableException) e).isRetryable());
    assertThat(cold.metrics().calls("decrypt", KeySourceMetrics.Outcome.SEALED)).isEqualTo(1);
    assertThat(warm.openBucketKey("b", "default", bk.ciphertext(), null)).isNotNull();
    // And when
    String secret =
        java.util.Base64.getEncoder().encodeToString(java.nio.file.Files.readAllBytes(dir.resolve("root.key")));
    assertThat(admin("/v1/sys/unseal", "{\"secret\":\"" + secret + "\"}")).isEqualTo(200);
    // Then
    assertThat(cold.openBucketKey("b", "default", bk.ciphertext(), null)).isNotNull();
  }

  @Test
  void anOutageLongerThanTheCacheLifetime_isRetried_thenKeyUnavailable_neverACrash() throws Exception {
    // Given
    KeyServiceKeySource keys = source();
    KeyMaterialSource.BucketKey bk = keys.bucketKey("b", null, null);
    server.close();
    // When: the cached unwrap outlives its lifetime
    now.addAndGet(Duration.ofMinutes(6).toMillis());
    // Then
    assertThatThrownBy(() -> keys.openBucketKey("b", "default", bk.ciphertext(), null))
        .isInstanceOf(KeyUnavailableException.class)
        .matches(e -> ((KeyUnavailableException) e).isRetryable());
    assertThat(keys.metrics().calls("decrypt", KeySourceMetrics.Outcome.UNAVAILABLE))
        .isEqualTo(RetryPolicy.DEFAULT.maxAttempts());
  }

  @Test
  void metrics_countCacheHitsMissesAndCalls_withLatency() throws Exception {
    // When
    KeyServiceKeySource keys = source();
    for (int i = 0; i < 10; i++) {
      keys.bucketKey("photos", null, null).key().destroy();
    }
    // Then
    assertThat(keys.metrics().cacheMisses()).isEqualTo(1);
    assertThat(keys.metrics().cacheHits()).isEqualTo(9);
    assertThat(keys.metrics().calls("generate", KeySourceMetrics.Outcome.OK)).isEqualTo(1);
    assertThat(keys.metrics().latencyNanos("generate")).isPositive();
    assertThat(keys.metrics().prometheusText())
        .contains("sealstream_keysource_kms_calls_total{operation=\"generate\",outcome=\"ok\"} 1\n")
        .contains("sealstream_keysource_cache_total{result=\"hit\"} 9\n")
        .doesNotContain("photos", "default");
  }
}
