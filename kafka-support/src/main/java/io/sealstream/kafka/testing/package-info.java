/**
 * Test support, shipped in the main jar so that other modules' tests can use it: {@link
 * io.sealstream.kafka.testing.KafkaExtension} gives each test JVM one Kafka broker (external,
 * Testcontainers or embedded) as a {@link io.sealstream.kafka.testing.KafkaCluster} parameter.
 *
 * <p>Nothing outside tests may use this package. It compiles against {@code junit-jupiter-api}
 * ({@code provided}: every test classpath has it) and {@code testcontainers-kafka} ({@code
 * optional}: add it at test scope to get the Testcontainers mode). Both are absent from a
 * production classpath, where these classes are never loaded. Only {@code ContainerBroker}
 * refers to Testcontainers, so the extension works without it.
 */
package io.sealstream.kafka.testing;
