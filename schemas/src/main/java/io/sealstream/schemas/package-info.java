/**
 * The pipeline's Kafka contracts: Avro records generated from {@code src/main/avro/*.avsc}, and
 * their serde in the Confluent wire format ({@code 0x00} ‖ 4-byte big-endian schema id ‖ Avro
 * binary) over a {@link io.sealstream.schemas.SchemaRegistry}: in-process by default, or a
 * Confluent-compatible REST registry.
 *
 * <p>Records can carry plaintext chunks: nothing here logs a record or puts payload bytes into
 * an exception message. Failures are {@link io.sealstream.schemas.SchemaException}.
 */
package io.sealstream.schemas;
