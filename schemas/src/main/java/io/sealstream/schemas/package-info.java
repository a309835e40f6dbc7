/**
 * The pipeline's Kafka contracts: Avro records generated from {@code src/main/avro/*.avsc}, and
 * their serde in the Confluent wire format ({@code 0x00} ‖ 4-byte big-endian schema id ‖ Avro
 * binary): {@link io.sealstream.schemas.AvroWireSerializer}, {@link
 * io.sealstream.schemas.AvroWireDeserializer} and {@link io.sealstream.schemas.AvroWireSerde},
 * over a {@link io.sealstream.schemas.SchemaRegistry}: {@link
 * io.sealstream.schemas.InProcessSchemaRegistry} by default, or a Confluent-compatible REST
 * registry through {@link io.sealstream.schemas.RestSchemaRegistryClient}.
 *
 * <p>May touch Avro, Kafka's serialization API, {@code java.net.http} and Jackson; nothing else
 * of the project. Records can carry plaintext chunks: nothing here logs a record or puts payload
 * bytes into an exception message or cause. Failures are {@link
 * io.sealstream.schemas.SchemaException}.
 */
package io.sealstream.schemas;
