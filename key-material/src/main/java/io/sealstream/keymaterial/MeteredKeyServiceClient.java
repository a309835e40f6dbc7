package io.sealstream.keymaterial;

import io.sealstream.channel.ExternalKey;
import io.sealstream.keyservice.client.DataKey;
import io.sealstream.keyservice.client.KeyServiceClient;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** Counts and times every call of a {@link KeyServiceClient} into {@link KeySourceMetrics}. */
final class MeteredKeyServiceClient implements KeyServiceClient {
  private final KeyServiceClient delegate;
  private final KeySourceMetrics metrics;

  MeteredKeyServiceClient(KeyServiceClient delegate, KeySourceMetrics metrics) {
    this.delegate = delegate;
    this.metrics = metrics;
  }

  @Override
  public CompletionStage<DataKey> generate(String keyName, Map<String, String> context) {
    return timed("generate", () -> delegate.generate(keyName, context));
  }

  @Override
  public CompletionStage<ExternalKey> decrypt(
      String keyName, byte[] ciphertext, Map<String, String> context) {
    return timed("decrypt", () -> delegate.decrypt(keyName, ciphertext, context));
  }

  @Override
  public CompletionStage<Void> create(String keyName) {
    return timed("create", () -> delegate.create(keyName));
  }

  private <T> CompletionStage<T> timed(String operation, Supplier<CompletionStage<T>> call) {
    long start = System.nanoTime();
    return call.get()
        .whenComplete(
            (value, failure) -> {
              Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                  ? failure.getCause()
                  : failure;
              metrics.call(operation, KeySourceMetrics.Outcome.of(cause), System.nanoTime() - start);
            });
  }
}
