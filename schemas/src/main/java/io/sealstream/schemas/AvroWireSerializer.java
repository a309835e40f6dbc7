package io.sealstream.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes one record type in the Confluent wire format: {@code 0x00} ‖ schema id (4 bytes,
 * big-endian) ‖ Avro binary. The record's schema is registered under the topic's subject
 * ({@link TopicNameStrategy}) on the first record for that topic; later records reuse the id.
 * {@code null} serializes to {@code null} (a tombstone).
 *
 * <p>Thread-safe. Each thread reuses one Avro encoder, which is detached from the output after
 * every record so no thread keeps a reference to a record's bytes. The subject role (key or
 * value) is fixed at construction; {@link #configure} does not change it.
 */
public final class AvroWireSerializer<T extends SpecificRecord> implements Serializer<T> {
  static final byte MAGIC = 0;
  static final int HEADER = 5;
  /** Largest buffer a serializer pre-sizes for; above, the buffer grows as usual. */
  private static final int MAX_SIZE_HINT = 4 << 20;

  private static final ThreadLocal<BinaryEncoder> ENCODERS = new ThreadLocal<>();

  private final String typeName;
  private final Schema schema;
  private final SchemaRegistry registry;
  private final boolean isKey;
  private final SpecificDatumWriter<T> writer;
  private final Map<String, Integer> idsByTopic = new ConcurrentHashMap<>();
  /** The largest record so far, so a stream of 1 MiB chunks does not regrow its buffer each time. */
  private volatile int sizeHint = 256;

  /** A serializer of record values ({@code <topic>-value}). */
  public AvroWireSerializer(Class<T> type, SchemaRegistry registry) {
    this(type, registry, false);
  }

  /** A serializer of record keys ({@code isKey}: {@code <topic>-key}) or values. */
  public AvroWireSerializer(Class<T> type, SchemaRegistry registry, boolean isKey) {
    this.typeName = Objects.requireNonNull(type, "type").getSimpleName();
    this.registry = Objects.requireNonNull(registry, "registry");
    this.isKey = isKey;
    TrustedClasses.install();
    this.schema = SpecificData.get().getSchema(type);
    this.writer = new SpecificDatumWriter<>(schema);
  }

  /** The id this serializer writes for {@code topic}, registering the schema on first use. */
  int schemaId(String topic) {
    Integer id = idsByTopic.get(topic);
    if (id == null) {
      // outside computeIfAbsent: a registry may be a remote call
      id = registry.register(TopicNameStrategy.subject(topic, isKey), schema);
      idsByTopic.putIfAbsent(topic, id);
    }
    return id;
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    int id = schemaId(topic);
    ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint);
    out.write(MAGIC);
    out.write(id >>> 24);
    out.write(id >>> 16);
    out.write(id >>> 8);
    out.write(id);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, ENCODERS.get());
    try {
      writer.write(record, encoder);
      encoder.flush();
    } catch (IOException | RuntimeException e) {
      throw new SchemaException(
          "cannot serialize a " + typeName + " for topic " + topic + ": " + describe(e));
    } finally {
      ENCODERS.set(EncoderFactory.get().directBinaryEncoder(OutputStream.nullOutputStream(), encoder));
    }
    int size = out.size();
    if (size > sizeHint && size <= MAX_SIZE_HINT) {
      sizeHint = size;
    }
    return out.toByteArray();
  }

  /**
   * The failure without the record: Avro's null-field message names only the field ("null value
   * for (non-nullable) string at ChunkRecord.uploadId"); other messages may quote a value.
   */
  private static String describe(Exception e) {
    String kind = e.getClass().getSimpleName();
    return e instanceof NullPointerException && e.getMessage() != null
        ? kind + ": " + e.getMessage()
        : kind;
  }
}
