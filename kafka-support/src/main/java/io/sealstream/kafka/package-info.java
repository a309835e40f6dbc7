/**
 * Kafka plumbing shared by the services and the launcher: an in-process single-node KRaft
 * broker ({@link io.sealstream.kafka.EmbeddedKafkaBroker}) and topic creation that is safe to
 * produce to at once ({@link io.sealstream.kafka.Topics}, {@link io.sealstream.kafka.TopicSpec}).
 *
 * <p>What it may touch: the Kafka broker and client libraries, the local file system under the
 * broker's data directory, loopback ports, and the level of the broker's own log4j loggers. It
 * holds no secrets and sees no payloads.
 *
 * <p>Failure classes: misuse throws {@link IllegalArgumentException} or {@link
 * IllegalStateException}; infrastructure failures are Kafka exceptions ({@link
 * io.sealstream.kafka.TopicsNotReadyException} is a retriable timeout).
 */
package io.sealstream.kafka;
