package io.sealstream.schemas;

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
  /** Largest record this serializer makes: beyond, an array cannot hold it (and Kafka would refuse it). */
  private static final long MAX_RECORD_SIZE = Integer.MAX_VALUE - 16;

  private static final ThreadLocal<BinaryEncoder> ENCODERS = new ThreadLocal<>();

  private final String typeName;
  private final Schema schema;
  private final SchemaRegistry registry;
  private final boolean isKey;
  private final SpecificDatumWriter<T> writer;
  private final Map<String, Integer> idsByTopic = new ConcurrentHashMap<>();

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

  /**
   * Encodes twice: first only counting the bytes (a {@code bytes} field is one call, nothing is
   * copied), then straight into an array of exactly that size. A 1 MiB chunk thus costs one
   * allocation and one copy, where a growing buffer and its {@code toByteArray} cost two of each
   * (both humongous in G1's 1 MiB regions), on ingest-api's and the encryptor's hot path.
   */
  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    int id = schemaId(topic);
    BinaryEncoder encoder = ENCODERS.get();
    try {
      ByteCounter counter = new ByteCounter();
      encoder = EncoderFactory.get().directBinaryEncoder(counter, encoder);
      writer.write(record, encoder);
      encoder.flush();
      if (counter.count > MAX_RECORD_SIZE) {
        throw new SchemaException(
            "a " + typeName + " for topic " + topic + " would take " + counter.count + " bytes");
      }
      byte[] out = new byte[HEADER + (int) counter.count];
      out[0] = MAGIC;
      out[1] = (byte) (id >>> 24);
      out[2] = (byte) (id >>> 16);
      out[3] = (byte) (id >>> 8);
      out[4] = (byte) id;
      ArrayFiller filler = new ArrayFiller(out, HEADER);
      encoder = EncoderFactory.get().directBinaryEncoder(filler, encoder);
      writer.write(record, encoder);
      encoder.flush();
      if (filler.position != out.length) {
        throw new SchemaException(
            "a " + typeName + " for topic " + topic + " changed while it was serialized");
      }
      return out;
    } catch (IOException | RuntimeException e) {
      if (e instanceof SchemaException) {
        throw (SchemaException) e;
      }
      throw new SchemaException(
          "cannot serialize a " + typeName + " for topic " + topic + ": " + describe(e));
    } finally {
      ENCODERS.set(EncoderFactory.get().directBinaryEncoder(OutputStream.nullOutputStream(), encoder));
    }
  }

  /** Counts what would be written. */
  private static final class ByteCounter extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }

  /** Writes into a fixed array; more than fits is a changed record, refused by the bounds check. */
  private static final class ArrayFiller extends OutputStream {
    private final byte[] array;
    int position;

    ArrayFiller(byte[] array, int position) {
      this.array = array;
      this.position = position;
    }

    @Override
    public void write(int b) {
      array[position++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      System.arraycopy(b, off, array, position, len);
      position += len;
    }
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
