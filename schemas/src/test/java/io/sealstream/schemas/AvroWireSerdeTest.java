package io.sealstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Confluent wire format of every record type: pinned bytes, round trips, bad input. */
class AvroWireSerdeTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String MARKER_TEXT = "SECRET-PLAINTEXT-MARKER";
  private static final byte[] MARKER = MARKER_TEXT.getBytes(StandardCharsets.US_ASCII);

  // ---- fixtures: small fixed values, so the pinned hex below can be read field by field ----

  static ChunkRecord chunk() {
    return ChunkRecord.newBuilder()
        .setUploadId("u")
        .setPartNumber(0)
        .setAttemptId("a")
        .setSequence(1)
        .setOffset(2)
        .setData(bytes(0xab, 0xcd))
        .setLast(true)
        .setHeader(header())
        .setMd5(bytes(1))
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

  static UploadHeader sseCHeader() {
    return UploadHeader.newBuilder()
        .setBucket("b")
        .setObjectKey("k")
        .setVersionId("v")
        .setMode(SseMode.SSE_C)
        .setKmsKeyId(null)
        .setKmsContext(null)
        .setCustomerKey(
            WrappedKey.newBuilder()
                .setMasterKeyId("m")
                .setKeyCiphertext(bytes(1))
                .setNonce(bytes(2, 3))
                .setWrapped(bytes(4))
                .build())
        .setContentType("t")
        .setUserMetadata(Map.of())
        .setCreatedAtMillis(5)
        .build();
  }

  static ObjectManifest manifest() {
    return ObjectManifest.newBuilder()
        .setBucket("b")
        .setObjectKey("k")
        .setVersionId("v")
        .setUploadId("u")
        .setMode(SseMode.SSE_S3)
        .setSealedObjectKey(bytes(9))
        .setKmsKeyId("m")
        .setKmsKeyCiphertext(bytes(8))
        .setKmsContext(null)
        .setSize(1)
        .setParts(
            List.of(
                PartManifest.newBuilder()
                    .setNumber(0)
                    .setSize(1)
                    .setEncryptedSize(33)
                    .setSealedEtag(bytes(7))
                    .build()))
        .setBlobId("blob")
        .setContentType("t")
        .setUserMetadata(Map.of())
        .setCreatedAtMillis(4)
        .build();
  }

  static SealedChunkRecord sealed() {
    return SealedChunkRecord.newBuilder()
        .setUploadId("u")
        .setPartNumber(1)
        .setAttemptId("a")
        .setSequence(2)
        .setOffset(3)
        .setData(bytes(0xde, 0xad))
        .setLast(false)
        .setManifest(null)
        .build();
  }

  static UploadState uploadState() {
    return UploadState.newBuilder()
        .setUploadId("u")
        .setPartNumber(0)
        .setAttemptId("a")
        .setHeader(sseCHeader())
        .setSealedObjectKey(bytes(9))
        .setKmsKeyId(null)
        .setKmsKeyCiphertext(null)
        .setPosition(bytes(0x0a))
        .setNextChunkSequence(1)
        .setNextPlaintextOffset(2)
        .setNextSealedSequence(3)
        .setSealedOffset(4)
        .setHeldBack(bytes())
        .build();
  }

  static ObjectEvent event() {
    return ObjectEvent.newBuilder()
        .setType(ObjectEventType.STORED)
        .setBucket("b")
        .setObjectKey("k")
        .setVersionId("v")
        .setUploadId(null)
        .setSize(5)
        .setMode(SseMode.SSE_C)
        .setTimeMillis(6)
        .build();
  }

  static BucketRecord bucket() {
    return BucketRecord.newBuilder()
        .setName("b")
        .setCreatedAtMillis(7)
        .setDefaultMode(SseMode.SSE_KMS)
        .setDefaultKmsKeyId("m")
        .build();
  }

  static DeadLetter deadLetter() {
    return DeadLetter.newBuilder()
        .setSourceTopic("t")
        .setSourcePartition(1)
        .setSourceOffset(2)
        .setUploadId("u")
        .setService("s")
        .setReason("r")
        .setTimeMillis(3)
        .build();
  }

  private static ByteBuffer bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) values[i];
    }
    return ByteBuffer.wrap(b);
  }

  // ---- pinned bytes ----

  /**
   * One instance of every record type and its exact frame: magic, the embedded registry's id (the
   * low 31 bits of the schema's Avro parsing fingerprint), then the Avro body. Varints are
   * zig-zag (1 = 02), strings and bytes are length-prefixed, a union starts with its branch (null
   * first: 00 = null, 02 = value), an enum is its index, a map or array is a block count, entries
   * and a 00 terminator.
   *
   * <p>A changed id here means a changed schema: the embedded registry knows only this build's
   * schemas, so records already on a topic under the old id would no longer read after a restart.
   */
  static Stream<Object[]> pinned() {
    return Stream.of(
        new Object[] {"ChunkRecord", ChunkRecord.class, chunk(),
          "00" + "5d04c98f"
              + "0275" + "00" + "0261" + "02" + "04" + "04abcd" + "01"
              + "02" // header present
              + "0262" + "026b" + "0276" + "02" + "02026d" + "00" + "00" + "00"
              + "02" + "0278" + "0279" + "00" // userMetadata {x: y}
              + "06" + "00" + "00" // createdAtMillis, multipart null, size null
              + "02" + "0201"}, // md5
        new Object[] {"SealedChunkRecord", SealedChunkRecord.class, sealed(),
          "00" + "51596a6a"
              + "0275" + "02" + "0261" + "04" + "06" + "04dead" + "00" + "00"
              + "00"}, // part null
        new Object[] {"ObjectManifest", ObjectManifest.class, manifest(),
          "00" + "18c013be"
              + "0262" + "026b" + "0276" + "0275" + "00" + "0209" + "02026d" + "020208" + "00"
              + "02"
              + "02" + "00" + "02" + "42" + "0207" + "00" + "00" // parts: [PartManifest(0, 1, 33, 07, "")]
              + "08626c6f62" + "020274" + "00" + "08"},
        new Object[] {"ObjectEvent", ObjectEvent.class, event(),
          "00" + "4c29349a"
              + "00" + "0262" + "026b" + "0276" + "00" + "0a" + "0204" + "0c"},
        new Object[] {"BucketRecord", BucketRecord.class, bucket(),
          "00" + "5408b28e"
              + "0262" + "0e" + "0202" + "02026d"},
        new Object[] {"DeadLetter", DeadLetter.class, deadLetter(),
          "00" + "545e276c"
              + "0274" + "02" + "04" + "020275" + "0273" + "0272" + "06"},
        new Object[] {"UploadState (with an SSE-C header and its WrappedKey)", UploadState.class,
          uploadState(),
          "00" + "77bc82a1"
              + "0275" + "00" + "0261"
              + "0262" + "026b" + "0276" + "04" + "00" + "00" // header, SSE_C
              + "02" + "026d" + "0201" + "040203" + "0204" // customerKey: WrappedKey
              + "020274" + "00" + "0a" + "00" + "00" // ..., createdAtMillis, multipart null, size null
              + "0209" + "00" + "00" + "020a" + "02" + "04" + "06" + "08" + "00"});
  }

  /**
   * The bytes of the records whose schema changed since the first release (v1: before multipart
   * added `UploadHeader.multipart`, `PartManifest.blobId`, `SealedChunkRecord.part`; v2: before
   * `UploadHeader.size`). Records like these may still be on a topic, the objects topic above
   * all; the embedded registry keeps their writer schemas, so they still read, as today's
   * classes with the new fields' defaults.
   */
  static Stream<Object[]> writtenByV1() {
    return Stream.of(
        new Object[] {"ChunkRecord", ChunkRecord.class, chunk(),
          "00" + "703dc98b"
              + "0275" + "00" + "0261" + "02" + "04" + "04abcd" + "01"
              + "02" + "0262" + "026b" + "0276" + "02" + "02026d" + "00" + "00" + "00"
              + "02" + "0278" + "0279" + "00" + "06" + "02" + "0201"},
        new Object[] {"SealedChunkRecord", SealedChunkRecord.class, sealed(),
          "00" + "016b27f1" + "0275" + "02" + "0261" + "04" + "06" + "04dead" + "00" + "00"},
        new Object[] {"ObjectManifest", ObjectManifest.class, manifest(),
          "00" + "7eb1cca0"
              + "0262" + "026b" + "0276" + "0275" + "00" + "0209" + "02026d" + "020208" + "00"
              + "02" + "02" + "00" + "02" + "42" + "0207" + "00"
              + "08626c6f62" + "020274" + "00" + "08"},
        new Object[] {"UploadState", UploadState.class, uploadState(),
          "00" + "4604c789"
              + "0275" + "00" + "0261" + "0262" + "026b" + "0276" + "04" + "00" + "00"
              + "02" + "026d" + "0201" + "040203" + "0204" + "020274" + "00" + "0a"
              + "0209" + "00" + "00" + "020a" + "02" + "04" + "06" + "08" + "00"},
        new Object[] {"ChunkRecord v2", ChunkRecord.class, chunk(),
          "00" + "6ad4a11b"
              + "0275" + "00" + "0261" + "02" + "04" + "04abcd" + "01"
              + "02" + "0262" + "026b" + "0276" + "02" + "02026d" + "00" + "00" + "00"
              + "02" + "0278" + "0279" + "00" + "06" + "00" + "02" + "0201"},
        new Object[] {"UploadState v2", UploadState.class, uploadState(),
          "00" + "5a57bfeb"
              + "0275" + "00" + "0261" + "0262" + "026b" + "0276" + "04" + "00" + "00"
              + "02" + "026d" + "0201" + "040203" + "0204" + "020274" + "00" + "0a" + "00"
              + "0209" + "00" + "00" + "020a" + "02" + "04" + "06" + "08" + "00"});
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("writtenByV1")
  <T extends SpecificRecord> void recordWrittenByV1_stillReads_asTodaysRecord(
      String name, Class<T> type, T record, String hex) {
    AvroWireSerde<T> serde = new AvroWireSerde<>(type, InProcessSchemaRegistry.withPipelineSchemas());

    assertThat(serde.deserialize("topic", HEX.parseHex(hex))).isEqualTo(record);
  }

  @Test
  void everyHistoricSchema_isAnEarlierVersionOfAPipelineSchema() {
    for (String file : InProcessSchemaRegistry.SCHEMA_HISTORY) {
      var old = InProcessSchemaRegistry.historic(file);
      assertThat(InProcessSchemaRegistry.PIPELINE_SCHEMAS)
          .as(file)
          .anySatisfy(s -> {
            assertThat(s.getFullName()).isEqualTo(old.getFullName());
            assertThat(InProcessSchemaRegistry.idOf(s)).isNotEqualTo(InProcessSchemaRegistry.idOf(old));
          });
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pinned")
  <T extends SpecificRecord> void record_serializesToItsPinnedBytes(
      String name, Class<T> type, T record, String hex) {
    AvroWireSerde<T> serde = new AvroWireSerde<>(type, new InProcessSchemaRegistry());

    byte[] bytes = serde.serialize("topic", record);

    assertThat(HEX.formatHex(bytes)).isEqualTo(hex);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pinned")
  <T extends SpecificRecord> void pinnedBytes_readBackAsTheRecord(
      String name, Class<T> type, T record, String hex) {
    // a registry that never saw this serde write: as after a restart, or in another process
    AvroWireSerde<T> serde = new AvroWireSerde<>(type, InProcessSchemaRegistry.withPipelineSchemas());

    assertThat(serde.deserialize("topic", HEX.parseHex(hex))).isEqualTo(record);
  }

  // ---- round trips and tombstones ----

  @Test
  void everyRecordType_roundTrips_withRealisticSizes() {
    InProcessSchemaRegistry registry = new InProcessSchemaRegistry();
    ChunkRecord bigChunk =
        ChunkRecord.newBuilder(chunk()).setData(ByteBuffer.wrap(new byte[1 << 20])).build();
    UploadState state =
        UploadState.newBuilder(uploadState())
            .setSealedObjectKey(ByteBuffer.wrap(new byte[97]))
            .setPosition(ByteBuffer.wrap(new byte[21]))
            .setHeldBack(ByteBuffer.wrap(new byte[65536 + 32]))
            .build();
    SealedChunkRecord sealedWithManifest =
        SealedChunkRecord.newBuilder(sealed()).setLast(true).setManifest(manifest()).build();

    assertThat(roundTrip(ChunkRecord.class, bigChunk, registry)).isEqualTo(bigChunk);
    assertThat(roundTrip(SealedChunkRecord.class, sealedWithManifest, registry))
        .isEqualTo(sealedWithManifest);
    assertThat(roundTrip(ObjectManifest.class, manifest(), registry)).isEqualTo(manifest());
    assertThat(roundTrip(ObjectEvent.class, event(), registry)).isEqualTo(event());
    assertThat(roundTrip(BucketRecord.class, bucket(), registry)).isEqualTo(bucket());
    assertThat(roundTrip(DeadLetter.class, deadLetter(), registry)).isEqualTo(deadLetter());
    assertThat(roundTrip(UploadState.class, state, registry)).isEqualTo(state);
  }

  private static <T extends SpecificRecord> T roundTrip(
      Class<T> type, T record, SchemaRegistry registry) {
    AvroWireSerde<T> serde = new AvroWireSerde<>(type, registry);
    return serde.deserialize("t", serde.serialize("t", record));
  }

  @Test
  void null_isATombstoneBothWays() {
    AvroWireSerde<ObjectManifest> serde =
        new AvroWireSerde<>(ObjectManifest.class, new InProcessSchemaRegistry());

    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
  }

  @Test
  void oneSerdeUsedByManyThreads_roundTripsEveryRecord() throws Exception {
    AvroWireSerde<ChunkRecord> serde =
        new AvroWireSerde<>(ChunkRecord.class, new InProcessSchemaRegistry());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  List<String> mismatches = new ArrayList<>();
                  for (int i = 0; i < 300; i++) {
                    byte[] data = new byte[(thread * 997 + i * 131) % 5000];
                    Arrays.fill(data, (byte) i);
                    ChunkRecord record =
                        ChunkRecord.newBuilder(chunk())
                            .setUploadId("u" + thread)
                            .setSequence(i)
                            .setData(ByteBuffer.wrap(data))
                            .build();
                    if (!record.equals(serde.deserialize("t", serde.serialize("t", record)))) {
                      mismatches.add(thread + "/" + i);
                    }
                  }
                  return mismatches;
                }));
      }
      for (Future<List<String>> r : results) {
        assertThat(r.get()).isEmpty();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- subjects ----

  @Test
  void valueSerde_registersUnderTopicValue_once() {
    List<String> subjects = new CopyOnWriteArrayList<>();
    AvroWireSerde<BucketRecord> serde =
        new AvroWireSerde<>(BucketRecord.class, recording(subjects));

    for (int i = 0; i < 3; i++) {
      serde.serialize("sealstream.buckets", bucket());
    }

    assertThat(subjects).containsExactly("sealstream.buckets-value");
  }

  @Test
  void keySerde_registersUnderTopicKey() {
    List<String> subjects = new CopyOnWriteArrayList<>();
    AvroWireSerde<BucketRecord> serde = AvroWireSerde.forKeys(BucketRecord.class, recording(subjects));

    byte[] bytes = serde.serialize("sealstream.buckets", bucket());

    assertThat(subjects).containsExactly("sealstream.buckets-key");
    assertThat(serde.deserialize("sealstream.buckets", bytes)).isEqualTo(bucket());
  }

  private static SchemaRegistry recording(List<String> subjects) {
    InProcessSchemaRegistry inner = new InProcessSchemaRegistry();
    return new SchemaRegistry() {
      @Override
      public int register(String subject, Schema schema) {
        subjects.add(subject);
        return inner.register(subject, schema);
      }

      @Override
      public Schema byId(int id) {
        return inner.byId(id);
      }
    };
  }

  // ---- bad input ----

  @Test
  void recordWithANullRequiredField_isRejectedNamingTheField() {
    AvroWireSerde<DeadLetter> serde =
        new AvroWireSerde<>(DeadLetter.class, new InProcessSchemaRegistry());
    DeadLetter broken = deadLetter();
    broken.setReason(null);

    assertThatThrownBy(() -> serde.serialize("t", broken))
        .isInstanceOf(SchemaException.class)
        .hasMessageContaining("DeadLetter")
        .hasMessageContaining("reason");
  }

  // Hand-built ChunkRecord frames: the 5-byte header, then uploadId "u", partNumber 0,
  // attemptId "a", sequence 0, offset 0; then data = MARKER (23 bytes: length 2e), last = true,
  // and a header up to its user metadata: bucket "b", objectKey "k", versionId "v", SSE_S3 and
  // four null unions. Each bad frame below changes one thing in these.
  private static final String FRAME =
      "00" + String.format("%08x", InProcessSchemaRegistry.idOf(ChunkRecord.getClassSchema()));
  private static final String FIELDS = "0275" + "00" + "0261" + "00" + "00";
  private static final String THROUGH_HEADER =
      FIELDS + "2e" + HEX.formatHex(MARKER) + "01" + "02" + "0262026b0276" + "00" + "00000000";
  // after the header's user metadata: createdAtMillis 3, multipart null, size null
  private static final String HEADER_END = "06" + "00" + "00";

  @Test
  void handBuiltFrame_isValid_soEachBadFrameFailsForItsOwnMutation() {
    AvroWireDeserializer<ChunkRecord> deserializer =
        new AvroWireDeserializer<>(ChunkRecord.class, InProcessSchemaRegistry.withPipelineSchemas());
    // userMetadata {x: y}, createdAtMillis 3, multipart null, size null, md5 null
    byte[] frame = HEX.parseHex(FRAME + THROUGH_HEADER + "02" + "02780279" + "00" + HEADER_END + "00");

    ChunkRecord read = deserializer.deserialize("chunks", frame);

    assertThat(read.getData()).isEqualTo(ByteBuffer.wrap(MARKER));
    assertThat(read.getHeader().getUserMetadata()).containsExactly(Map.entry("x", "y"));
  }

  /** Frames read as ChunkRecord; those with a body carry {@link #MARKER} where plaintext would be. */
  static Stream<Object[]> badFrames() {
    InProcessSchemaRegistry registry = new InProcessSchemaRegistry();
    byte[] good =
        new AvroWireSerde<>(ChunkRecord.class, registry)
            .serialize("t", ChunkRecord.newBuilder(chunk()).setData(ByteBuffer.wrap(MARKER)).build());
    String marker = HEX.formatHex(MARKER);

    byte[] wrongMagic = good.clone();
    wrongMagic[0] = 1;
    byte[] unknownId = good.clone();
    unknownId[1] ^= 0x40;
    byte[] otherType =
        new AvroWireSerde<>(ObjectEvent.class, registry)
            .serialize("t", ObjectEvent.newBuilder(event()).setBucket(MARKER_TEXT).build());
    return Stream.of(
        new Object[] {"empty", new byte[0], "at least 5 bytes"},
        new Object[] {"short header", new byte[] {0, 0, 0}, "at least 5 bytes"},
        new Object[] {"wrong magic byte", wrongMagic, "magic byte 0x01"},
        new Object[] {"unknown schema id", unknownId, "unknown schema id"},
        new Object[] {"writer schema of another record type", otherType,
          "cannot be read as ChunkRecord"},
        new Object[] {"header only", HEX.parseHex(FRAME), "corrupt"},
        new Object[] {"truncated body", Arrays.copyOf(good, good.length - 3), "corrupt"},
        new Object[] {"trailing byte", Arrays.copyOf(good, good.length + 1), "trailing"},
        new Object[] {"absurd string length (~1 GiB)",
          HEX.parseHex(FRAME + "feffffff07" + marker), "corrupt"},
        new Object[] {"absurd bytes length (~1 GiB)",
          HEX.parseHex(FRAME + FIELDS + "feffffff07" + marker), "corrupt"},
        new Object[] {"negative bytes length",
          HEX.parseHex(FRAME + FIELDS + "01" + marker), "corrupt"},
        new Object[] {"absurd map entry count (~1 G)",
          HEX.parseHex(FRAME + THROUGH_HEADER + "feffffff07" + "02780279"), "corrupt"},
        new Object[] {"union branch out of range",
          HEX.parseHex(FRAME + FIELDS + "2e" + marker + "01" + "06" + "0262"), "corrupt"});
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFrames")
  void badFrame_isRejectedWithoutItsPayloadInTheMessage(String what, byte[] frame, String says) {
    AvroWireDeserializer<ChunkRecord> deserializer =
        new AvroWireDeserializer<>(ChunkRecord.class, InProcessSchemaRegistry.withPipelineSchemas());

    assertThatThrownBy(() -> deserializer.deserialize("chunks", frame))
        .isInstanceOf(SchemaException.class)
        .hasMessageContaining(says)
        .satisfies(e -> assertThat(traceOf(e)).doesNotContainIgnoringCase(MARKER_TEXT))
        .satisfies(e -> assertThat(traceOf(e)).doesNotContainIgnoringCase(HEX.formatHex(MARKER)))
        .satisfies(e -> assertThat(traceOf(e)).doesNotContain(Arrays.toString(MARKER)));
  }

  /** The message and everything a logger would print with it: causes and suppressed. */
  private static String traceOf(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  // ---- evolution ----

  @Test
  void recordWrittenWithAnOlderSchema_readsWithTheCurrentOne() throws Exception {
    // Given ChunkRecord v0: the current schema without its optional md5 field, under its own id
    Schema current = ChunkRecord.getClassSchema();
    SchemaBuilder.FieldAssembler<Schema> fields =
        SchemaBuilder.record("ChunkRecord").namespace("io.sealstream.schemas").fields();
    for (Schema.Field f : current.getFields()) {
      if (!f.name().equals("md5")) {
        fields = fields.name(f.name()).type(f.schema()).noDefault();
      }
    }
    Schema v0 = fields.endRecord();
    InProcessSchemaRegistry registry = InProcessSchemaRegistry.withPipelineSchemas();
    int v0Id = registry.register("chunks-value", v0);
    GenericData.Record old = new GenericData.Record(v0);
    old.put("uploadId", "u");
    old.put("partNumber", 0);
    old.put("attemptId", "a");
    old.put("sequence", 0L);
    old.put("offset", 0L);
    old.put("data", ByteBuffer.wrap(new byte[] {1, 2}));
    old.put("last", true);
    old.put("header", null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(v0Id).array());
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericData.Record>(v0).write(old, enc);
    enc.flush();

    // When it is read with today's class
    ChunkRecord read =
        new AvroWireSerde<>(ChunkRecord.class, registry).deserialize("chunks", out.toByteArray());

    // Then the fields it had are read and the new field takes its default
    assertThat(v0Id).isNotEqualTo(InProcessSchemaRegistry.idOf(current));
    assertThat(read.getUploadId()).isEqualTo("u");
    assertThat(read.getData()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2}));
    assertThat(read.getLast()).isTrue();
    assertThat(read.getMd5()).isNull();
  }
}
