/**
 * The key-service client library: {@link io.sealstream.keyservice.client.KeyServiceClient}, a
 * three-call asynchronous interface (generate, decrypt, create) that decorators for caching,
 * retries and metrics will wrap, and its HTTP implementation {@link
 * io.sealstream.keyservice.client.HttpKeyServiceClient}.
 *
 * <p>Key material leaves this package only as {@link io.sealstream.channel.ExternalKey} (inside
 * {@link io.sealstream.keyservice.client.DataKey}), opaque and destroyable; response buffers that
 * held it are wiped. Nothing here logs. It does not depend on the server package.
 *
 * <p>Failures are one family, {@link io.sealstream.keyservice.client.KeyServiceException}: "not
 * found" and "not authentic" are final, {@link
 * io.sealstream.keyservice.client.KeyServiceUnavailableException} is the only retryable one;
 * misuse is {@link java.lang.IllegalArgumentException}, thrown before a call is made.
 */
package io.sealstream.keyservice.client;
