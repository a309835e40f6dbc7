package io.sealstream.ingest;

import io.sealstream.blobstore.BlobStore;
import io.sealstream.keymaterial.KeyMaterialSource;
import io.sealstream.schemas.SchemaRegistry;
import io.sealstream.tls.ServerTls;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything an {@link IngestApi} needs.
 *
 * @param bootstrapServers Kafka
 * @param topics topic names (usually {@code IngestTopics.withPrefix("sealstream.")})
 * @param producerOverrides extra producer settings; idempotence and {@code acks=all} are always on
 * @param blobStore where the stored ciphertext is read from
 * @param keySource opens bucket keys for reads (SSE-S3, SSE-KMS)
 * @param customerKeys wraps SSE-C keys for transit ({@code CustomerKeyTransit::wrap})
 * @param registry schema registry of the Avro wire format
 * @param putTimeout how long a PUT waits for its manifest before answering 503
 * @param requireTlsForSseC refuse SSE-C over plain HTTP with 400 InvalidRequest, as AWS does: a
 *     customer key sent in clear is exposed whatever we do with it afterwards. True by default;
 *     only stub-pipeline tests over plain HTTP turn it off ({@link #allowingSseCOverPlainHttp})
 * @param credentials the access keys whose SigV4 signatures are accepted; {@link
 *     Credentials#none()} turns authentication off (stub-pipeline tests only)
 * @param tls the listener speaks HTTPS with this; null for plain HTTP (behind a TLS-terminating
 *     proxy, or in tests)
 */
public record IngestConfig(
    String bootstrapServers,
    IngestTopics topics,
    Map<String, Object> producerOverrides,
    BlobStore blobStore,
    KeyMaterialSource keySource,
    CustomerKeyWrapper customerKeys,
    SchemaRegistry registry,
    Duration putTimeout,
    boolean requireTlsForSseC,
    Credentials credentials,
    ServerTls tls) {

  public static final Duration DEFAULT_PUT_TIMEOUT = Duration.ofSeconds(60);

  public IngestConfig {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topics, "topics");
    producerOverrides = Map.copyOf(producerOverrides == null ? Map.of() : producerOverrides);
    Objects.requireNonNull(blobStore, "blobStore");
    Objects.requireNonNull(keySource, "keySource");
    Objects.requireNonNull(customerKeys, "customerKeys");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(putTimeout, "putTimeout");
    if (putTimeout.isNegative() || putTimeout.isZero()) {
      throw new IllegalArgumentException("putTimeout must be positive, was " + putTimeout);
    }
    Objects.requireNonNull(credentials, "credentials");
  }

  /**
   * Defaults: 60 s PUT timeout, plain HTTP (add TLS with {@link #withTls}) with SSE-C refused over
   * it, and no credentials, i.e. authentication off: add them with {@link #withCredentials}.
   */
  public static IngestConfig of(
      String bootstrapServers,
      IngestTopics topics,
      BlobStore blobStore,
      KeyMaterialSource keySource,
      CustomerKeyWrapper customerKeys,
      SchemaRegistry registry) {
    return new IngestConfig(
        bootstrapServers, topics, Map.of(), blobStore, keySource, customerKeys, registry,
        DEFAULT_PUT_TIMEOUT, true, Credentials.none(), null);
  }

  /** This config with SigV4 authentication on for {@code credentials}. */
  public IngestConfig withCredentials(Credentials credentials) {
    return new IngestConfig(
        bootstrapServers, topics, producerOverrides, blobStore, keySource, customerKeys, registry,
        putTimeout, requireTlsForSseC, credentials, tls);
  }

  /** This config serving HTTPS with {@code tls}. */
  public IngestConfig withTls(ServerTls tls) {
    return new IngestConfig(
        bootstrapServers, topics, producerOverrides, blobStore, keySource, customerKeys, registry,
        putTimeout, requireTlsForSseC, credentials, Objects.requireNonNull(tls, "tls"));
  }

  /**
   * This config accepting SSE-C keys over plain HTTP: for tests against a stub pipeline only,
   * never for a served endpoint.
   */
  public IngestConfig allowingSseCOverPlainHttp() {
    return new IngestConfig(
        bootstrapServers, topics, producerOverrides, blobStore, keySource, customerKeys, registry,
        putTimeout, false, credentials, tls);
  }
}
