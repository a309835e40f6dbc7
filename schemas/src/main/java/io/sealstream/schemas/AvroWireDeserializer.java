package io.sealstream.schemas;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads one record type from the Confluent wire format. The writer's schema is resolved by the
 * frame's id and read into the current class, so records written before a compatible schema
 * change (fields added with defaults, enum symbols appended) still read. {@code null}
 * deserializes to {@code null} (a tombstone).
 *
 * <p>Every bad frame (short, wrong magic byte, unknown id, a writer schema this class cannot
 * read, corrupt or trailing Avro) is a {@link SchemaException} whose message names the type,
 * topic and schema id but never the payload, and which carries no cause that might. Avro 1.12
 * checks every length prefix against the bytes left in the frame before allocating, so a hostile
 * length costs nothing.
 *
 * <p>Thread-safe. Each thread reuses one Avro decoder, detached from the frame after every read.
 */
public final class AvroWireDeserializer<T extends SpecificRecord> implements Deserializer<T> {
  private static final byte[] NOTHING = new byte[0];
  private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();

  private final String typeName;
  private final Schema readerSchema;
  private final SchemaRegistry registry;
  private final Map<Integer, SpecificDatumReader<T>> readersById = new ConcurrentHashMap<>();

  public AvroWireDeserializer(Class<T> type, SchemaRegistry registry) {
    this.typeName = Objects.requireNonNull(type, "type").getSimpleName();
    this.registry = Objects.requireNonNull(registry, "registry");
    TrustedClasses.install();
    this.readerSchema = SpecificData.get().getSchema(type);
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (data.length < AvroWireSerializer.HEADER) {
      throw new SchemaException(
          "a wire-format " + typeName + " on topic " + topic + " has at least 5 bytes, this one has "
              + data.length);
    }
    if (data[0] != AvroWireSerializer.MAGIC) {
      throw new SchemaException(
          String.format(
              "unknown wire-format magic byte 0x%02x (expected 0x00) in a %s on topic %s",
              data[0] & 0xff, typeName, topic));
    }
    int id =
        (data[1] & 0xff) << 24 | (data[2] & 0xff) << 16 | (data[3] & 0xff) << 8 | (data[4] & 0xff);
    SpecificDatumReader<T> reader = readerFor(id, topic);
    BinaryDecoder decoder =
        DecoderFactory.get()
            .binaryDecoder(
                data, AvroWireSerializer.HEADER, data.length - AvroWireSerializer.HEADER,
                DECODERS.get());
    try {
      T record = reader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw new SchemaException(
            "trailing bytes after a " + typeName + " on topic " + topic + " (schema id " + id + ")");
      }
      return record;
    } catch (IOException | RuntimeException e) {
      if (e instanceof SchemaException) {
        throw (SchemaException) e;
      }
      // the class only: an Avro message may quote a value, and values can be plaintext
      throw new SchemaException(
          "corrupt " + typeName + " on topic " + topic + " (schema id " + id + "): "
              + e.getClass().getSimpleName());
    } finally {
      DECODERS.set(DecoderFactory.get().binaryDecoder(NOTHING, decoder));
    }
  }

  private SpecificDatumReader<T> readerFor(int id, String topic) {
    SpecificDatumReader<T> reader = readersById.get(id);
    if (reader != null) {
      return reader;
    }
    // outside computeIfAbsent: a registry may be a remote call
    Schema writerSchema = registry.byId(id);
    SchemaCompatibilityResult result =
        SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writerSchema).getResult();
    if (result.getCompatibility() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      Incompatibility first = result.getIncompatibilities().get(0);
      throw new SchemaException(
          "schema id " + id + " (" + writerSchema.getFullName() + ") on topic " + topic
              + " cannot be read as " + typeName + ": " + first.getType() + " at "
              + first.getLocation());
    }
    reader = new SpecificDatumReader<>(writerSchema, readerSchema);
    SpecificDatumReader<T> raced = readersById.putIfAbsent(id, reader);
    return raced != null ? raced : reader;
  }
}
