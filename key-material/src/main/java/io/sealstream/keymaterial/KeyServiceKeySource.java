package io.sealstream.keymaterial;

import io.sealstream.schemas.RecordBytes;
import io.sealstream.channel.ExternalKey;
import io.sealstream.channel.NotAuthenticException;
import io.sealstream.keyservice.client.CiphertextNotAuthenticException;
import io.sealstream.keyservice.client.DataKey;
import io.sealstream.keyservice.client.KeyDisabledException;
import io.sealstream.keyservice.client.KeyNotFoundException;
import io.sealstream.keyservice.client.KeyServiceSealedException;
import io.sealstream.keyservice.client.KeyServiceClient;
import io.sealstream.keyservice.client.KeyServiceUnavailableException;
import io.sealstream.schemas.WrappedKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link KeyMaterialSource} over key-service, with bounded-staleness caches:
 *
 * <ul>
 *   <li>bucket keys for writes, one per (bucket, master key, client context, epoch): the first
 *       object of a bucket in an epoch costs one generate call, every later one none;
 *   <li>opened keys for reads and resumed uploads, by master key, context and ciphertext digest,
 *       kept for {@code unwrapLifetime};
 *   <li>transit keys (for SSE-C), by ciphertext digest.
 * </ul>
 *
 * Concurrent misses on one entry share one call (single-flight). Entries are dropped after their
 * lifetime, never refreshed in the background; a failed call is never cached. Calls that fail for
 * unavailability are retried with exponential backoff and jitter ({@link RetryPolicy}); "not
 * found", "not authentic", "disabled" and "sealed" never are.
 *
 * <p>Staleness is bounded by the lifetimes: a key disabled, deleted or sealed in key-service
 * keeps serving from these caches for at most {@code unwrapLifetime} (reads) or until the
 * epoch ends (writes). An outage shorter than that is invisible; a longer one makes writes wait
 * (the encryptor retries: backpressure) and reads fail with {@link KeyUnavailableException}
 * (503), never a crash.
 *
 * <p>{@link KeyLifecycleWatcher} calls {@link #invalidate} and {@link #invalidateAll} when
 * key-service reports a disable, delete, rotate or seal, so those take effect within about a
 * second instead of after the lifetimes, which remain the bound when the report is lost.
 *
 * <p>Failures: {@link UnknownMasterKeyException} (no such key, also when opening a stored key
 * whose master key was deleted), {@link
 * MasterKeyDisabledException}, {@link SealedKeyServiceException}, {@link
 * KeyUnavailableException} (outage), {@link io.sealstream.channel.NotAuthenticException} (a
 * ciphertext that does not open). Thread-safe.
 */
public final class KeyServiceKeySource implements KeyMaterialSource {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_ENTRIES = 10_000;

  private final KeyServiceClient client;
  private final KeySourceMetrics metrics = new KeySourceMetrics();
  private final String defaultMasterKeyId;
  private final Duration epoch;
  private final Duration unwrapLifetime;
  private final Clock clock;
  private final Map<String, Entry<DataKey>> bucketKeys = new ConcurrentHashMap<>();
  private final Map<String, Entry<ExternalKey>> opened = new ConcurrentHashMap<>();
  private final AtomicLong calls = new AtomicLong();

  private record Entry<T>(CompletableFuture<T> value, long expiresAtMillis) {}

  /**
   * @param defaultMasterKeyId the master key of SSE-S3 and of SSE-KMS without a key id
   * @param epoch how long one bucket key serves new objects
   * @param unwrapLifetime how long an unwrapped key is reused
   */
  public KeyServiceKeySource(
      KeyServiceClient client,
      String defaultMasterKeyId,
      Duration epoch,
      Duration unwrapLifetime,
      Clock clock) {
    this(client, defaultMasterKeyId, epoch, unwrapLifetime, clock, RetryPolicy.DEFAULT);
  }

  /**
   * As above, with {@code retries} for calls that fail for unavailability (never for "not
   * found", "not authentic", "disabled" or "sealed"). Every attempt is counted in {@link
   * #metrics()}.
   */
  public KeyServiceKeySource(
      KeyServiceClient client,
      String defaultMasterKeyId,
      Duration epoch,
      Duration unwrapLifetime,
      Clock clock,
      RetryPolicy retries) {
    this.client =
        new RetryingKeyServiceClient(
            new MeteredKeyServiceClient(Objects.requireNonNull(client, "client"), metrics),
            Objects.requireNonNull(retries, "retries"));
    this.defaultMasterKeyId = Objects.requireNonNull(defaultMasterKeyId, "defaultMasterKeyId");
    this.epoch = Objects.requireNonNull(epoch, "epoch");
    this.unwrapLifetime = Objects.requireNonNull(unwrapLifetime, "unwrapLifetime");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Calls, latency and cache hits so far. */
  public KeySourceMetrics metrics() {
    return metrics;
  }

  /** key-service lookups made so far, retries not counted (a metric and a benchmark figure). */
  public long keyServiceCalls() {
    return calls.get();
  }

  /**
   * Drops every cached key of master key {@code masterKeyId}, so the next use asks key-service
   * again: for whoever learns that a key was disabled, deleted or rotated (say, from the
   * key-service audit topic) and wants it to take effect now rather than after the cache
   * lifetimes. Returns how many entries were dropped.
   */
  public int invalidate(String masterKeyId) {
    String prefix = masterKeyId + "\0";
    String transitPrefix = "transit\0" + prefix;
    int before = bucketKeys.size() + opened.size();
    bucketKeys.keySet().removeIf(k -> k.startsWith(prefix) || k.startsWith(transitPrefix));
    opened.keySet().removeIf(k -> k.startsWith(prefix));
    return before - bucketKeys.size() - opened.size();
  }

  /**
   * Drops every cached key of every master key: for a sealed key-service, whose keys must all
   * stop serving now. Returns how many entries were dropped.
   */
  public int invalidateAll() {
    int before = bucketKeys.size() + opened.size();
    bucketKeys.clear();
    opened.clear();
    return before;
  }

  @Override
  public BucketKey bucketKey(String bucket, String masterKeyId, String clientContext)
      throws KeyUnavailableException {
    String master = masterKeyId == null ? defaultMasterKeyId : masterKeyId;
    Map<String, String> context = KeyContexts.bucketKey(bucket, clientContext);
    long now = clock.millis();
    long epochIndex = now / epoch.toMillis();
    String cacheKey = master + "\0" + context + "\0" + epochIndex;
    DataKey dataKey =
        await(
            cached(
                bucketKeys,
                cacheKey,
                (epochIndex + 1) * epoch.toMillis(),
                () -> client.generate(master, context).toCompletableFuture()),
            master);
    // a reader of this object will open the same ciphertext: prime that cache too
    opened.putIfAbsent(
        openKey(master, context, dataKey.ciphertext()),
        new Entry<>(
            CompletableFuture.completedFuture(dataKey.key().copy()),
            now + unwrapLifetime.toMillis()));
    return new BucketKey(dataKey.key().copy(), master, dataKey.ciphertext());
  }

  @Override
  public ExternalKey openBucketKey(
      String bucket, String masterKeyId, byte[] ciphertext, String clientContext)
      throws KeyUnavailableException, NotAuthenticException {
    Map<String, String> context = KeyContexts.bucketKey(bucket, clientContext);
    return open(masterKeyId, context, ciphertext);
  }

  private ExternalKey open(String master, Map<String, String> context, byte[] ciphertext)
      throws KeyUnavailableException, NotAuthenticException {
    String cacheKey = openKey(master, context, ciphertext);
    try {
      return await(
              cached(
                  opened,
                  cacheKey,
                  clock.millis() + unwrapLifetime.toMillis(),
                  () -> client.decrypt(master, ciphertext, context).toCompletableFuture()),
              master)
          .copy();
    } catch (UnknownMasterKeyException e) {
      // a deleted master key: the object is unreadable for good, and that is not tampering
      throw e;
    } catch (IllegalArgumentException e) {
      throw new NotAuthenticException(e.getMessage());
    }
  }

  @Override
  public ExternalKey unwrapCustomerKey(WrappedKey wrapped, String uploadId)
      throws KeyUnavailableException, NotAuthenticException {
    byte[] transitCiphertext = RecordBytes.toArray(wrapped.getKeyCiphertext());
    ExternalKey transit = open(wrapped.getMasterKeyId(), KeyContexts.TRANSIT, transitCiphertext);
    try {
      byte[] nonce = RecordBytes.toArray(wrapped.getNonce());
      byte[] body = RecordBytes.toArray(wrapped.getWrapped());
      byte[] joined = Arrays.copyOf(nonce, nonce.length + body.length);
      System.arraycopy(body, 0, joined, nonce.length, body.length);
      return transit.unwrapKey(joined, uploadId.getBytes(StandardCharsets.UTF_8));
    } finally {
      transit.destroy();
    }
  }

  /** The transit key of the current epoch, for {@link CustomerKeyTransit}. */
  DataKey transitKey(String transitMasterKeyId) throws KeyUnavailableException {
    long now = clock.millis();
    long epochIndex = now / epoch.toMillis();
    DataKey transit =
        await(
            cached(
                bucketKeys,
                "transit\0" + transitMasterKeyId + "\0" + epochIndex,
                (epochIndex + 1) * epoch.toMillis(),
                () ->
                    client.generate(transitMasterKeyId, KeyContexts.TRANSIT).toCompletableFuture()),
            transitMasterKeyId);
    opened.putIfAbsent(
        openKey(transitMasterKeyId, KeyContexts.TRANSIT, transit.ciphertext()),
        new Entry<>(
            CompletableFuture.completedFuture(transit.key().copy()),
            now + unwrapLifetime.toMillis()));
    return transit;
  }

  private <T> CompletableFuture<T> cached(
      Map<String, Entry<T>> cache,
      String key,
      long expiresAtMillis,
      java.util.function.Supplier<CompletableFuture<T>> call) {
    long now = clock.millis();
    Entry<T> e =
        cache.compute(
            key,
            (k, old) -> {
              boolean usable =
                  old != null
                      && old.expiresAtMillis() > now
                      && !old.value().isCompletedExceptionally();
              if (usable) {
                metrics.cacheHit();
                return old;
              }
              metrics.cacheMiss();
              calls.incrementAndGet();
              return new Entry<>(call.get(), expiresAtMillis);
            });
    if (cache.size() > MAX_ENTRIES) {
      cache.entrySet().removeIf(x -> x.getValue().expiresAtMillis() <= now);
    }
    return e.value();
  }

  private static <T> T await(CompletableFuture<T> f, String master)
      throws KeyUnavailableException {
    try {
      return f.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new KeyUnavailableException("key-service did not answer in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KeyUnavailableException("interrupted while waiting for key-service", e);
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof KeyServiceUnavailableException) {
        throw new KeyUnavailableException("key-service unavailable: " + cause.getMessage(), cause);
      }
      if (cause instanceof KeyServiceSealedException) {
        throw new SealedKeyServiceException(cause);
      }
      if (cause instanceof KeyDisabledException) {
        throw new MasterKeyDisabledException(master, cause);
      }
      if (cause instanceof KeyNotFoundException) {
        throw new UnknownMasterKeyException(master);
      }
      if (cause instanceof CiphertextNotAuthenticException) {
        throw new IllegalArgumentException("key ciphertext is not authentic");
      }
      throw new KeyUnavailableException("key-service call failed: " + cause, cause);
    }
  }

  private static String openKey(String master, Map<String, String> context, byte[] ciphertext) {
    try {
      return master
          + "\0"
          + context
          + "\0"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ciphertext));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

}
