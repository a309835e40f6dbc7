package io.sealstream.keymaterial;

import io.sealstream.channel.ExternalKey;
import io.sealstream.keyservice.client.DataKey;
import io.sealstream.keyservice.client.KeyServiceClient;
import io.sealstream.keyservice.client.KeyServiceException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A {@link KeyServiceClient} that repeats calls failing with a retryable {@link
 * KeyServiceException} (unavailability: no connection, timeout, 5xx) according to a {@link
 * RetryPolicy}, waiting with exponential backoff and jitter between attempts. Final answers
 * (not found, not authentic, disabled, sealed, not authorized, anything not retryable) pass
 * through at once. Thread-safe.
 */
public final class RetryingKeyServiceClient implements KeyServiceClient {
  private final KeyServiceClient delegate;
  private final RetryPolicy policy;

  public RetryingKeyServiceClient(KeyServiceClient delegate, RetryPolicy policy) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  @Override
  public CompletionStage<DataKey> generate(String keyName, Map<String, String> context) {
    return attempt(() -> delegate.generate(keyName, context), 1);
  }

  @Override
  public CompletionStage<ExternalKey> decrypt(
      String keyName, byte[] ciphertext, Map<String, String> context) {
    return attempt(() -> delegate.decrypt(keyName, ciphertext, context), 1);
  }

  @Override
  public CompletionStage<Void> create(String keyName) {
    return attempt(() -> delegate.create(keyName), 1);
  }

  private <T> CompletableFuture<T> attempt(Supplier<CompletionStage<T>> call, int attempt) {
    return call.get()
        .toCompletableFuture()
        .handle(
            (value, failure) -> {
              if (failure == null) {
                return CompletableFuture.completedFuture(value);
              }
              Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                  ? failure.getCause()
                  : failure;
              boolean retryable = cause instanceof KeyServiceException e && e.isRetryable();
              if (!retryable || attempt >= policy.maxAttempts()) {
                return CompletableFuture.<T>failedFuture(cause);
              }
              long wait = policy.backoff(attempt).toMillis();
              return CompletableFuture.supplyAsync(
                      () -> null, CompletableFuture.delayedExecutor(wait, TimeUnit.MILLISECONDS))
                  .thenCompose(ignored -> attempt(call, attempt + 1));
            })
        .thenCompose(f -> f);
  }

  @Override
  public String toString() {
    return "RetryingKeyServiceClient[" + delegate + ", " + policy + "]";
  }
}
