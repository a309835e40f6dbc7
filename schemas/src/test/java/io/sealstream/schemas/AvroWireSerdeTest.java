package io.sealstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Confluent wire format of every record type: pinned bytes, round trips, bad input. */
class AvroWireSerdeTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] MARKER = "SECRET-PLAINTEXT-MARKER".getBytes(StandardCharsets.US_ASCII);

  static ChunkRecord chunk() {
    return ChunkRecord.newBuilder()
        .setUploadId("u")
        .setPartNumber(0)
        .setAttemptId("a")
        .setSequence(1)
        .setOffset(2)
        .setData(ByteBuffer.wrap(new byte[] {(byte) 0xab, (byte) 0xcd}))
        .setLast(true)
        .setHeader(header())
        .setMd5(ByteBuffer.wrap(new byte[] {1}))
        .build();
  }

  static UploadHeader header() {
    return UploadHeader.newBuilder()
        .setBucket("b")
        .setObjectKey("k")
        .setVersionId("v")
        .setMode(SseMode.SSE_KMS)
        .setKmsKeyId("m")
        .setKmsContext(null)
        .setCustomerKey(null)
        .setContentType(null)
        .setUserMetadata(Map.of("x", "y"))
        .setCreatedAtMillis(3)
        .build();
  }

  static ObjectManifest manifest() {
    return ObjectManifest.newBuilder()
        .setBucket("b")
        .setObjectKey("k")
        .setVersionId("v")
        .setUploadId("u")
        .setMode(SseMode.SSE_S3)
        .setSealedObjectKey(ByteBuffer.wrap(new byte[] {9}))
        .setKmsKeyId("m")
        .setKmsKeyCiphertext(ByteBuffer.wrap(new byte[] {8}))
        .setKmsContext(null)
        .setSize(1)
        .setParts(
            List.of(
                PartManifest.newBuilder()
                    .setNumber(0)
                    .setSize(1)
                    .setEncryptedSize(33)
                    .setSealedEtag(ByteBuffer.wrap(new byte[] {7}))
                    .build()))
        .setBlobId("blob")
        .setContentType("t")
        .setUserMetadata(Map.of())
        .setCreatedAtMillis(4)
        .build();
  }

  /** One instance of every record type, and its exact wire bytes (the id is replaced). */
  static Stream<Object[]> pinned() {
    return Stream.of(
        new Object[] {ChunkRecord.class, chunk(),
          "0000000001" + "0275" + "00" + "0261" + "02" + "04" + "04abcd" + "01"
              + "02" + "0262" + "026b" + "0276" + "02" + "02" + "026d" + "00" + "00" + "00"
              + "02" + "0278" + "0279" + "00" + "06"
              + "02" + "0201"},
        new Object[] {ObjectManifest.class, manifest(),
          "0000000001" + "0262" + "026b" + "0276" + "0275" + "00" + "0209" + "02" + "026d" + "02"
              + "0208" + "00" + "02" + "02" + "00" + "02" + "42" + "0207" + "00" + "08626c6f62" + "02"
              + "0274" + "00" + "08"},
        new Object[] {ObjectEvent.class,
          ObjectEvent.newBuilder()
              .setType(ObjectEventType.STORED)
              .setBucket("b")
              .setObjectKey("k")
              .setVersionId("v")
              .setUploadId(null)
              .setSize(5)
              .setMode(SseMode.SSE_C)
              .setTimeMillis(6)
              .build(),
          "0000000001" + "00" + "0262" + "026b" + "0276" + "00" + "0a" + "0204" + "0c"},
        new Object[] {DeadLetter.class,
          DeadLetter.newBuilder()
              .setSourceTopic("t")
              .setSourcePartition(1)
              .setSourceOffset(2)
              .setUploadId("u")
              .setService("s")
              .setReason("r")
              .setTimeMillis(3)
              .build(),
          "0000000001" + "0274" + "02" + "04" + "020275" + "0273" + "0272" + "06"});
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pinned")
  <T extends org.apache.avro.specific.SpecificRecord> void record_serializesToItsPinnedBytes(
      Class<T> type, T record, String hex) {
    AvroWireSerde<T> serde = new AvroWireSerde<>(type, new InProcessSchemaRegistry());

    byte[] bytes = serde.serialize("topic", record);

    // the header carries the schema's fingerprint id; the pinned body follows it
    String id = String.format("%08x", InProcessSchemaRegistry.idOf(record.getSchema()));
    assertThat(HEX.formatHex(bytes)).isEqualTo("00" + id + hex.substring(10));
    assertThat(serde.deserialize("topic", bytes)).isEqualTo(record);
  }

  @Test
  void everyRecordType_roundTrips() {
    InProcessSchemaRegistry registry = new InProcessSchemaRegistry();
    UploadState state =
        UploadState.newBuilder()
            .setUploadId("u")
            .setPartNumber(0)
            .setAttemptId("a")
            .setHeader(header())
            .setSealedObjectKey(ByteBuffer.wrap(new byte[97]))
            .setPosition(ByteBuffer.wrap(new byte[21]))
            .setNextChunkSequence(1)
            .setNextPlaintextOffset(2)
            .setNextSealedSequence(3)
            .setSealedOffset(4)
            .setHeldBack(ByteBuffer.wrap(new byte[0]))
            .build();
    SealedChunkRecord sealed =
        SealedChunkRecord.newBuilder()
            .setUploadId("u")
            .setPartNumber(0)
            .setAttemptId("a")
            .setSequence(0)
            .setOffset(0)
            .setData(ByteBuffer.wrap(new byte[33]))
            .setLast(true)
            .setManifest(manifest())
            .build();

    assertThat(roundTrip(UploadState.class, state, registry)).isEqualTo(state);
    assertThat(roundTrip(SealedChunkRecord.class, sealed, registry)).isEqualTo(sealed);
    assertThat(roundTrip(ChunkRecord.class, chunk(), registry)).isEqualTo(chunk());
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> T roundTrip(
      Class<T> type, T record, SchemaRegistry registry) {
    AvroWireSerde<T> serde = new AvroWireSerde<>(type, registry);
    return serde.deserialize("t", serde.serialize("t", record));
  }

  @Test
  void null_isATombstoneBothWays() {
    AvroWireSerde<ObjectManifest> serde =
        new AvroWireSerde<>(ObjectManifest.class, new InProcessSchemaRegistry());

    assertThat(serde.serialize("t", null)).isNull();
    assertThat(serde.deserialize("t", null)).isNull();
  }

  static Stream<Object[]> badFrames() {
    AvroWireSerde<ChunkRecord> serde =
        new AvroWireSerde<>(ChunkRecord.class, new InProcessSchemaRegistry());
    ChunkRecord withMarker = ChunkRecord.newBuilder(chunk()).setData(ByteBuffer.wrap(MARKER)).build();
    byte[] good = serde.serialize("t", withMarker);
    byte[] wrongMagic = good.clone();
    wrongMagic[0] = 1;
    byte[] unknownId = good.clone();
    unknownId[1] ^= 0x40;
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 3);
    byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
    // uploadId "u" with an absurd string length (zig-zag varint of ~1 GiB) where "\u0002u" was
    byte[] absurdLength = HEX.parseHex(
        "00" + String.format("%08x", InProcessSchemaRegistry.idOf(ChunkRecord.getClassSchema()))
            + "feffffff07" + "75");
    return Stream.of(
        new Object[] {"empty", new byte[0], "at least 5 bytes"},
        new Object[] {"short header", new byte[] {0, 0, 0}, "at least 5 bytes"},
        new Object[] {"wrong magic", wrongMagic, "magic"},
        new Object[] {"unknown schema id", unknownId, "unknown schema id"},
        new Object[] {"truncated body", truncated, "corrupt"},
        new Object[] {"trailing byte", trailing, "trailing"},
        new Object[] {"absurd length prefix", absurdLength, "corrupt"});
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFrames")
  void badFrame_isRejectedWithoutItsPayloadInTheMessage(String what, byte[] frame, String says) {
    InProcessSchemaRegistry registry = new InProcessSchemaRegistry();
    AvroWireSerde<ChunkRecord> serde = new AvroWireSerde<>(ChunkRecord.class, registry);
    serde.serialize("t", chunk()); // registers the schema

    assertThatThrownBy(() -> serde.deserialize("t", frame))
        .isInstanceOf(SchemaException.class)
        .hasMessageContaining(says)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SECRET"));
  }

  @Test
  void recordWrittenWithAnOlderSchema_readsWithTheCurrentOne() throws Exception {
    // Given ChunkRecord v0: the current schema without its optional md5 field
    Schema current = ChunkRecord.getClassSchema();
    SchemaBuilder.FieldAssembler<Schema> fields =
        SchemaBuilder.record("ChunkRecord").namespace("io.sealstream.schemas").fields();
    for (Schema.Field f : current.getFields()) {
      if (!f.name().equals("md5")) {
        fields = fields.name(f.name()).type(f.schema()).noDefault();
      }
    }
    Schema v0 = fields.endRecord();
    InProcessSchemaRegistry registry = new InProcessSchemaRegistry();
    int v0Id = registry.register("t-value", v0);
    GenericData.Record old = new GenericData.Record(v0);
    old.put("uploadId", "u");
    old.put("partNumber", 0);
    old.put("attemptId", "a");
    old.put("sequence", 0L);
    old.put("offset", 0L);
    old.put("data", ByteBuffer.wrap(new byte[] {1, 2}));
    old.put("last", false);
    old.put("header", null);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(0);
    out.write(java.nio.ByteBuffer.allocate(4).putInt(v0Id).array());
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericData.Record>(v0).write(old, enc);
    enc.flush();

    // When it is read with today's class
    ChunkRecord read =
        new AvroWireSerde<>(ChunkRecord.class, registry).deserialize("t", out.toByteArray());

    // Then the new field takes its default
    assertThat(read.getUploadId()).isEqualTo("u");
    assertThat(read.getMd5()).isNull();
  }

  @Test
  void schemaIds_areTheSameInEveryRegistry_soRecordsSurviveARestart() {
    // Given a record written through one registry (one process, before a restart)
    byte[] bytes =
        new AvroWireSerde<>(ChunkRecord.class, new InProcessSchemaRegistry())
            .serialize("chunks", chunk());

    // When a fresh registry (another process, after the restart) reads it
    ChunkRecord read =
        new AvroWireSerde<>(ChunkRecord.class, InProcessSchemaRegistry.withPipelineSchemas())
            .deserialize("chunks", bytes);

    // Then it decodes, because the id comes from the schema, not from registration order
    assertThat(read).isEqualTo(chunk());
  }
}
