package io.sealstream.keymaterial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealstream.channel.ExternalKey;
import io.sealstream.keyservice.client.CiphertextNotAuthenticException;
import io.sealstream.keyservice.client.DataKey;
import io.sealstream.keyservice.client.KeyDisabledException;
import io.sealstream.keyservice.client.KeyNotFoundException;
import io.sealstream.keyservice.client.KeyServiceClient;
import io.sealstream.keyservice.client.KeyServiceException;
import io.sealstream.keyservice.client.KeyServiceSealedException;
import io.sealstream.keyservice.client.KeyServiceUnavailableException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryingKeyServiceClientTest {
  private static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(4));
  private static final DataKey DATA_KEY = new DataKey(ExternalKey.copyOf(new byte[32]), new byte[65]);

  /** Answers generate with the queued failures, then with a data key; counts calls. */
  private static final class Scripted implements KeyServiceClient {
    final Deque<KeyServiceException> failures;
    final AtomicInteger calls = new AtomicInteger();

    Scripted(List<KeyServiceException> failures) {
      this.failures = new ArrayDeque<>(failures);
    }

    @Override
    public CompletionStage<DataKey> generate(String keyName, Map<String, String> context) {
      calls.incrementAndGet();
      KeyServiceException next = failures.poll();
      return next == null ? CompletableFuture.completedFuture(DATA_KEY) : CompletableFuture.failedFuture(next);
    }

    @Override
    public CompletionStage<ExternalKey> decrypt(String keyName, byte[] ciphertext, Map<String, String> context) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Void> create(String keyName) {
      throw new UnsupportedOperationException();
    }
  }

  private static KeyServiceUnavailableException down() {
    return new KeyServiceUnavailableException(503, "KeystoreUnavailable", "down", null);
  }

  private static Throwable failureOf(CompletionStage<?> stage) {
    try {
      stage.toCompletableFuture().join();
    } catch (CompletionException e) {
      return e.getCause();
    }
    throw new AssertionError("stage completed normally");
  }

  @Test
  void anOutage_isRetried_untilTheServiceAnswers() {
    Scripted kms = new Scripted(List.of(down(), down()));
    DataKey key = new RetryingKeyServiceClient(kms, FAST).generate("k", Map.of()).toCompletableFuture().join();
    assertThat(key).isSameAs(DATA_KEY);
    assertThat(kms.calls).hasValue(3);
  }

  @Test
  void aLongOutage_failsAfterMaxAttempts_withTheLastFailure() {
    Scripted kms = new Scripted(List.of(down(), down(), down(), down(), down()));
    Throwable failure = failureOf(new RetryingKeyServiceClient(kms, FAST).generate("k", Map.of()));
    assertThat(failure).isInstanceOf(KeyServiceUnavailableException.class);
    assertThat(kms.calls).hasValue(4);
  }

  @Test
  void finalAnswers_areNeverRetried() {
    List<KeyServiceException> finals =
        List.of(
            new KeyNotFoundException(404, "KeyNotFound", "no"),
            new CiphertextNotAuthenticException(400, "CiphertextNotAuthentic", "no"),
            new KeyDisabledException(409, "KeyDisabled", "no"),
            new KeyServiceSealedException(503, "Sealed", "no"));
    for (KeyServiceException answer : finals) {
      Scripted kms = new Scripted(List.of(answer));
      Throwable failure = failureOf(new RetryingKeyServiceClient(kms, FAST).generate("k", Map.of()));
      assertThat(failure).as(answer.code()).isSameAs(answer);
      assertThat(kms.calls).as(answer.code()).hasValue(1);
    }
  }

  @Test
  void backoff_growsExponentially_isCapped_andJittered() {
    RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofMillis(1000));
    assertThat(policy.bound(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.bound(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(policy.bound(3)).isEqualTo(Duration.ofMillis(400));
    assertThat(policy.bound(5)).isEqualTo(Duration.ofMillis(1000));
    assertThat(policy.bound(60)).isEqualTo(Duration.ofMillis(1000));
    for (int i = 0; i < 100; i++) {
      assertThat(policy.backoff(3)).isBetween(Duration.ZERO, Duration.ofMillis(400));
    }
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
