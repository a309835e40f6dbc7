package io.sealstream.keyservice.client;

import io.sealstream.channel.ExternalKey;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * What the pipeline needs from a KMS: new data keys under a named master key, bound to a context,
 * and the unwrapping of their ciphertexts. Three calls and nothing else, so that caching,
 * single-flight, retries and metrics can each wrap one implementation as a decorator.
 *
 * <p>Stages complete exceptionally with a {@link KeyServiceException} (dependent stages see it
 * as the cause of a {@link java.util.concurrent.CompletionException}): {@link
 * KeyNotFoundException}, {@link CiphertextNotAuthenticException}, {@link KeyDisabledException},
 * {@link NotAuthorizedException} and {@link KeyServiceSealedException} are final answers (the
 * last two until an operator acts), {@link KeyServiceUnavailableException} is the only retryable
 * one. Misuse (an invalid key name, a null
 * argument) throws {@link IllegalArgumentException} at once, before any stage exists.
 *
 * <p>Implementations are thread-safe.
 */
public interface KeyServiceClient {

  /**
   * A new data key under master key {@code keyName}, bound to {@code context}: the key for
   * sealing (destroy it when done) and the ciphertext to store, which {@link #decrypt} opens
   * only with the same key name and the same context.
   */
  CompletionStage<DataKey> generate(String keyName, Map<String, String> context);

  /**
   * The data key in {@code ciphertext}, if it was generated under {@code keyName} with exactly
   * {@code context}; else the stage fails with {@link CiphertextNotAuthenticException}. The
   * caller destroys the returned key when done.
   */
  CompletionStage<ExternalKey> decrypt(
      String keyName, byte[] ciphertext, Map<String, String> context);

  /** Creates master key {@code keyName}; fails with {@link KeyAlreadyExistsException} if it exists. */
  CompletionStage<Void> create(String keyName);
}
