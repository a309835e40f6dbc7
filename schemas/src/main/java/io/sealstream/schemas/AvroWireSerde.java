package io.sealstream.schemas;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Serde of one record type in the Confluent wire format: {@code 0x00} ‖ schema id (4 bytes,
 * big-endian) ‖ Avro binary, pairing an {@link AvroWireSerializer} and an {@link
 * AvroWireDeserializer} over one {@link SchemaRegistry}. {@code null} maps to {@code null}
 * (tombstones). Thread-safe; nothing to close.
 */
public final class AvroWireSerde<T extends SpecificRecord> implements Serde<T> {
  private final AvroWireSerializer<T> serializer;
  private final AvroWireDeserializer<T> deserializer;

  /** A serde of record values: schemas are registered under {@code <topic>-value}. */
  public AvroWireSerde(Class<T> type, SchemaRegistry registry) {
    this(type, registry, false);
  }

  private AvroWireSerde(Class<T> type, SchemaRegistry registry, boolean isKey) {
    this.serializer = new AvroWireSerializer<>(type, registry, isKey);
    this.deserializer = new AvroWireDeserializer<>(type, registry);
  }

  /** A serde of record keys: schemas are registered under {@code <topic>-key}. */
  public static <T extends SpecificRecord> AvroWireSerde<T> forKeys(
      Class<T> type, SchemaRegistry registry) {
    return new AvroWireSerde<>(type, registry, true);
  }

  /** The subject a value schema is registered under for a topic. */
  public static String valueSubject(String topic) {
    return TopicNameStrategy.valueSubject(topic);
  }

  public byte[] serialize(String topic, T record) {
    return serializer.serialize(topic, record);
  }

  public T deserialize(String topic, byte[] data) {
    return deserializer.deserialize(topic, data);
  }

  @Override
  public AvroWireSerializer<T> serializer() {
    return serializer;
  }

  @Override
  public AvroWireDeserializer<T> deserializer() {
    return deserializer;
  }
}
