package io.sealstream.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of one record type in the Confluent wire format: {@code 0x00} ‖ schema id (4 bytes,
 * big-endian) ‖ Avro binary. Serializing registers the record's schema under {@code
 * <topic>-value} (TopicNameStrategy) once per topic; deserializing resolves the writer's schema
 * by id and reads it into the current class, so older records still read after the schema
 * evolves compatibly. {@code null} maps to {@code null} (tombstones). Thread-safe.
 */
public final class AvroWireSerde<T extends SpecificRecord> implements Serde<T> {
  static final byte MAGIC = 0;
  static final int HEADER = 5;

  static {
    // Avro 1.12 loads only trusted classes for specific records; trust exactly ours
    ClassSecurityValidator.setGlobal(
        ClassSecurityValidator.composite(
            ClassSecurityValidator.getGlobal(),
            cls -> cls.getName().startsWith("io.sealstream.schemas.")));
  }

  private final Class<T> type;
  private final Schema readerSchema;
  private final SchemaRegistry registry;
  private final Map<String, Integer> idsByTopic = new ConcurrentHashMap<>();
  private final Map<Integer, SpecificDatumReader<T>> readersById = new ConcurrentHashMap<>();
  private final SpecificDatumWriter<T> writer;

  public AvroWireSerde(Class<T> type, SchemaRegistry registry) {
    this.type = Objects.requireNonNull(type, "type");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.readerSchema = SpecificData.get().getSchema(type);
    this.writer = new SpecificDatumWriter<>(readerSchema);
  }

  /** The subject a value schema is registered under for a topic. */
  public static String valueSubject(String topic) {
    return topic + "-value";
  }

  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    int id = idsByTopic.computeIfAbsent(topic, t -> registry.register(valueSubject(t), readerSchema));
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.write(MAGIC);
    out.write(id >>> 24);
    out.write(id >>> 16);
    out.write(id >>> 8);
    out.write(id);
    try {
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      writer.write(record, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SchemaException(
          "cannot serialize a " + type.getSimpleName() + ": " + e.getClass().getSimpleName());
    }
    return out.toByteArray();
  }

  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (data.length < HEADER) {
      throw new SchemaException(
          "a wire-format record has at least 5 bytes, this one " + data.length);
    }
    if (data[0] != MAGIC) {
      throw new SchemaException("unknown wire-format magic byte " + (data[0] & 0xff));
    }
    int id = ByteBuffer.wrap(data, 1, 4).getInt();
    SpecificDatumReader<T> reader =
        readersById.computeIfAbsent(
            id, i -> new SpecificDatumReader<>(registry.byId(i), readerSchema));
    try {
      BinaryDecoder decoder =
          DecoderFactory.get().binaryDecoder(data, HEADER, data.length - HEADER, null);
      T record = reader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw new SchemaException(
            "trailing bytes after a " + type.getSimpleName() + " (schema id " + id + ")");
      }
      return record;
    } catch (SchemaException e) {
      throw e;
    } catch (IOException | RuntimeException | OutOfMemoryError e) {
      // never the payload: it may be plaintext
      throw new SchemaException(
          "corrupt " + type.getSimpleName() + " (schema id " + id + "): "
              + e.getClass().getSimpleName());
    }
  }

  @Override
  public Serializer<T> serializer() {
    return this::serialize;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this::deserialize;
  }
}
