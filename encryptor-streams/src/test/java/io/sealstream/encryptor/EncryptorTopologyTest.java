package io.sealstream.encryptor;

import io.sealstream.schemas.RecordBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealstream.channel.CipherSuite;
import io.sealstream.channel.DareFormat;
import io.sealstream.channel.DareInputStream;
import io.sealstream.channel.ExternalKey;
import io.sealstream.channel.NotAuthenticException;
import io.sealstream.channel.ObjectKey;
import io.sealstream.keymaterial.KeyMaterialSource;
import io.sealstream.channel.SealedObjectKey;
import io.sealstream.schemas.ChunkKeys;
import io.sealstream.schemas.ChunkRecord;
import io.sealstream.schemas.MultipartKey;
import io.sealstream.schemas.PartRecord;
import io.sealstream.schemas.DeadLetter;
import io.sealstream.schemas.ObjectManifest;
import io.sealstream.schemas.SealedChunkRecord;
import io.sealstream.schemas.SseMode;
import io.sealstream.schemas.UploadHeader;
import io.sealstream.schemas.UploadState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The encryptor topology in {@link TopologyTestDriver}: chunks in, sealed packages out. */
class EncryptorTopologyTest {
  private static final EncryptorTopics TOPICS = EncryptorTopics.withPrefix("t.");
  private static final byte[] MARKER = "PLAINTEXT-MARKER-7d1f".getBytes(StandardCharsets.US_ASCII);

  private final FakeKeySource keys = new FakeKeySource();
  private final Serde<ChunkRecord> chunkSerde = TestSerdes.serde(ChunkRecord.class);
  private final Serde<SealedChunkRecord> sealedSerde = TestSerdes.serde(SealedChunkRecord.class);
  private final Serde<DeadLetter> deadSerde = TestSerdes.serde(DeadLetter.class);
  private final Serde<UploadState> stateSerde = TestSerdes.serde(UploadState.class);
  @org.junit.jupiter.api.io.TempDir java.nio.file.Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> chunks;
  private TestOutputTopic<String, SealedChunkRecord> sealed;
  private TestOutputTopic<String, DeadLetter> deadLetters;

  @BeforeEach
  void start() {
    EncryptorSerdes serdes =
        new EncryptorSerdes(
            chunkSerde.deserializer(), stateSerde, sealedSerde.serializer(), deadSerde.serializer());
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "encryptor-test");
    // a directory of this test's own: the default /tmp/kafka-streams is shared by every build on
    // the machine, and RocksDB's lock there made concurrent builds fail
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver =
        new TopologyTestDriver(
            EncryptorTopology.build(
                TOPICS, serdes, () -> new ChunkSealer(keys, CipherSuite.forThisMachine())),
            props);
    chunks =
        driver.createInputTopic(
            TOPICS.chunks(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
    sealed =
        driver.createOutputTopic(
            TOPICS.sealed(), Serdes.String().deserializer(), sealedSerde.deserializer());
    deadLetters =
        driver.createOutputTopic(
            TOPICS.deadLetter(), Serdes.String().deserializer(), deadSerde.deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  // ---------------------------------------------------------------- helpers

  record Upload(String uploadId, String attemptId, UploadHeader header) {}

  private Upload upload(SseMode mode, String bucket, String key) {
    String uploadId = UUID.randomUUID().toString();
    UploadHeader.Builder h =
        UploadHeader.newBuilder()
            .setBucket(bucket)
            .setObjectKey(key)
            .setVersionId(UUID.randomUUID().toString())
            .setMode(mode)
            .setContentType("application/octet-stream")
            .setUserMetadata(Map.of("owner", "test"))
            .setCreatedAtMillis(1_700_000_000_000L);
    if (mode == SseMode.SSE_C) {
      h.setCustomerKey(keys.wrapCustomerKey(customerKey(), uploadId));
    }
    if (mode == SseMode.SSE_KMS) {
      h.setKmsKeyId("tenant-key").setKmsContext("{\"project\":\"x\"}");
    }
    return new Upload(uploadId, UUID.randomUUID().toString(), h.build());
  }

  private static byte[] customerKey() {
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) 7);
    return k;
  }

  private static byte[] plaintext(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    for (int i = 0; i + MARKER.length <= size; i += 4096) {
      System.arraycopy(MARKER, 0, b, i, MARKER.length);
    }
    return b;
  }

  private static byte[] md5(byte[] b) throws Exception {
    return MessageDigest.getInstance("MD5").digest(b);
  }

  private ChunkRecord chunk(Upload u, long seq, long offset, byte[] data, boolean last, byte[] md5) {
    return ChunkRecord.newBuilder()
        .setUploadId(u.uploadId())
        .setPartNumber(0)
        .setAttemptId(u.attemptId())
        .setSequence(seq)
        .setOffset(offset)
        .setData(ByteBuffer.wrap(data))
        .setLast(last)
        .setHeader(seq == 0 ? u.header() : null)
        .setMd5(md5 == null ? null : ByteBuffer.wrap(md5))
        .build();
  }

  private void send(Upload u, ChunkRecord c) {
    chunks.pipeInput(u.uploadId(), chunkSerde.serializer().serialize(TOPICS.chunks(), c));
  }

  /** Sends {@code plaintext} as chunks of the given sizes (cycled), the last flagged. */
  private void put(Upload u, byte[] plaintext, int... chunkSizes) throws Exception {
    byte[] md5 = md5(plaintext);
    long seq = 0;
    int off = 0;
    int i = 0;
    do {
      int n = Math.min(chunkSizes[i++ % chunkSizes.length], plaintext.length - off);
      boolean last = off + n == plaintext.length;
      send(u, chunk(u, seq++, off, Arrays.copyOfRange(plaintext, off, off + n), last, last ? md5 : null));
      off += n;
    } while (off < plaintext.length);
  }

  /** Reads back everything sealed, in order, and decrypts it with the manifest's key. */
  private byte[] readBack(List<SealedChunkRecord> records, ObjectManifest manifest)
      throws Exception {
    ByteArrayOutputStream ciphertext = new ByteArrayOutputStream();
    long seq = 0;
    for (SealedChunkRecord r : records) {
      assertThat(r.getSequence()).isEqualTo(seq++);
      assertThat(r.getOffset()).isEqualTo(ciphertext.size());
      ciphertext.write(RecordBytes.toArray(r.getData()));
    }
    assertThat((long) ciphertext.size()).isEqualTo(DareFormat.encryptedSize(manifest.getSize()));
    if (manifest.getSize() == 0) {
      return new byte[0];
    }
    ObjectKey oek = objectKey(manifest);
    return new DareInputStream(new ByteArrayInputStream(ciphertext.toByteArray()), oek.dataKey())
        .readAllBytes();
  }

  private ObjectKey objectKey(ObjectManifest m) throws Exception {
    ExternalKey ek =
        m.getMode() == SseMode.SSE_C
            ? ExternalKey.copyOf(customerKey())
            : keys.openBucketKey(
                m.getBucket(),
                m.getKmsKeyId(),
                RecordBytes.toArray(m.getKmsKeyCiphertext()),
                m.getMode() == SseMode.SSE_KMS ? m.getKmsContext() : null);
    return ObjectKey.unseal(
        ek,
        ChunkSealer.sealingMode(m.getMode()),
        new io.sealstream.channel.ObjectIdentity(m.getBucket(), m.getObjectKey(), m.getVersionId()),
        SealedObjectKey.fromBytes(RecordBytes.toArray(m.getSealedObjectKey())));
  }

  private List<SealedChunkRecord> drain() {
    List<SealedChunkRecord> out = new ArrayList<>();
    while (!sealed.isEmpty()) {
      out.add(sealed.readValue());
    }
    return out;
  }

  // ---------------------------------------------------------------- tests

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 65_535, 65_536, 65_537, 1_048_576, 3_000_001})
  void objectOfAnySize_sealsToAStreamThatOpensToThePlaintext(int size) throws Exception {
    // Given an SSE-S3 upload sent in 1 MiB chunks
    Upload u = upload(SseMode.SSE_S3, "photos", "a/b.jpg");
    byte[] plaintext = plaintext(size, size);

    // When the encryptor processes it
    put(u, plaintext, 1 << 20);

    // Then the sealed records, in order, decrypt to the plaintext under the manifest's key
    List<SealedChunkRecord> out = drain();
    SealedChunkRecord last = out.get(out.size() - 1);
    assertThat(last.getLast()).isTrue();
    ObjectManifest manifest = last.getManifest();
    assertThat(manifest.getSize()).isEqualTo(size);
    assertThat(manifest.getVersionId()).isEqualTo(u.header().getVersionId());
    assertThat(readBack(out, manifest)).isEqualTo(plaintext);
    assertThat(objectKey(manifest).unsealEtag(RecordBytes.toArray(manifest.getParts().get(0).getSealedEtag())))
        .isEqualTo(md5(plaintext));
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(store().get(u.uploadId())).isNull();
  }

  @Test
  void chunksOfOddSizes_areRebufferedIntoFullPackages() throws Exception {
    Upload u = upload(SseMode.SSE_KMS, "b", "odd");
    byte[] plaintext = plaintext(2_500_000, 3);

    put(u, plaintext, 1, 100_000, 65_536, 7, 300_001);

    List<SealedChunkRecord> out = drain();
    assertThat(readBack(out, out.get(out.size() - 1).getManifest())).isEqualTo(plaintext);
  }

  @Test
  void exactMultipleOfAPackageFollowedByAnEmptyLastChunk_endsWithAFinalFullPackage()
      throws Exception {
    Upload u = upload(SseMode.SSE_S3, "b", "aligned");
    byte[] plaintext = plaintext(2 * 65_536, 4);
    send(u, chunk(u, 0, 0, plaintext, false, null));
    send(u, chunk(u, 1, plaintext.length, new byte[0], true, md5(plaintext)));

    List<SealedChunkRecord> out = drain();

    assertThat(readBack(out, out.get(out.size() - 1).getManifest())).isEqualTo(plaintext);
  }

  private static Upload declaring(Upload u, long size) {
    return new Upload(u.uploadId(), u.attemptId(), UploadHeader.newBuilder(u.header()).setSize(size).build());
  }

  @ParameterizedTest(name = "chunks of {0} bytes")
  @ValueSource(ints = {65_536, 1 << 20, 100_000, 4_099})
  void declaredSize_sealsEveryFullPackageAtOnce_andHoldsBackOnlyPartialOnes(int chunkSize) throws Exception {
    // Given an upload that declares its size, sent in chunks
    byte[] plaintext = plaintext(chunkSize == 1 << 20 ? 3 * (1 << 20) + 12_345 : 5 * 65_536 + 12_345, chunkSize);
    Upload u = declaring(upload(SseMode.SSE_S3, "b", "declared-" + chunkSize), plaintext.length);
    byte[] md5 = md5(plaintext);
    long sealedSoFar = 0;
    int seq = 0;
    for (int off = 0; off < plaintext.length; off += chunkSize, seq++) {
      int n = Math.min(chunkSize, plaintext.length - off);
      boolean last = off + n == plaintext.length;
      send(u, chunk(u, seq, off, Arrays.copyOfRange(plaintext, off, off + n), last, last ? md5 : null));
      if (!last) {
        // Then after each chunk every full package received so far is sealed, none held back
        long end = off + n;
        UploadState state = store().get(u.uploadId());
        assertThat(state.getHeldBack().remaining() > 0).isEqualTo(end % 65_536 != 0);
        for (SealedChunkRecord r : drain()) {
          sealedSoFar += r.getData().remaining();
          assertThat(r.getLast()).isFalse();
        }
        assertThat(sealedSoFar).isEqualTo(DareFormat.encryptedSize(end - end % 65_536));
      }
    }
    List<SealedChunkRecord> rest = drain();
    assertThat(rest.get(rest.size() - 1).getLast()).isTrue();
    assertThat(sealedSoFar + rest.stream().mapToLong(r -> r.getData().remaining()).sum())
        .isEqualTo(DareFormat.encryptedSize(plaintext.length));
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void declaredSize_roundTrips_andAnEmptyLastChunkAtTheDeclaredEndStillEndsWithAFinalPackage() throws Exception {
    byte[] plaintext = plaintext(3 * 65_536, 11);
    Upload whole = declaring(upload(SseMode.SSE_KMS, "b", "declared-whole"), plaintext.length);
    put(whole, plaintext, 1 << 20);
    List<SealedChunkRecord> out = drain();
    assertThat(readBack(out, out.get(out.size() - 1).getManifest())).isEqualTo(plaintext);

    Upload trailing = declaring(upload(SseMode.SSE_S3, "b", "declared-trailing"), plaintext.length);
    send(trailing, chunk(trailing, 0, 0, plaintext, false, null));
    send(trailing, chunk(trailing, 1, plaintext.length, new byte[0], true, md5(plaintext)));
    out = drain();
    assertThat(readBack(out, out.get(out.size() - 1).getManifest())).isEqualTo(plaintext);
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void chunksThatDoNotAddUpToTheDeclaredSize_abandonTheUpload() throws Exception {
    // ends early: the packages before the declared end were sealed as not final
    Upload shortU = declaring(upload(SseMode.SSE_S3, "b", "short"), 3 * 65_536);
    send(shortU, chunk(shortU, 0, 0, plaintext(2 * 65_536, 12), false, null));
    send(shortU, chunk(shortU, 1, 2 * 65_536, new byte[0], true, new byte[16]));
    DeadLetter early = deadLetters.readValue();
    assertThat(early.getReason()).contains("chunks end at 131072, the upload declared 196608 bytes");

    // runs past the declared end
    Upload longU = declaring(upload(SseMode.SSE_S3, "b", "long"), 65_536);
    send(longU, chunk(longU, 0, 0, plaintext(65_536 + 1, 13), false, null));
    DeadLetter late = deadLetters.readValue();
    assertThat(late.getReason()).contains("chunks end at 65537 or later, the upload declared 65536 bytes");

    assertThat(drain().stream().anyMatch(r -> r.getManifest() != null)).isFalse();
    assertThat(store().get(shortU.uploadId())).isNull();
    assertThat(store().get(longU.uploadId())).isNull();
  }

  @Test
  void sseC_objectKeyOpensOnlyWithTheCustomerKey_andManifestHoldsNoKmsKey() throws Exception {
    Upload u = upload(SseMode.SSE_C, "b", "secret");
    byte[] plaintext = plaintext(100_000, 5);

    put(u, plaintext, 1 << 20);

    List<SealedChunkRecord> out = drain();
    ObjectManifest m = out.get(out.size() - 1).getManifest();
    assertThat(m.getMode()).isEqualTo(SseMode.SSE_C);
    assertThat(m.getKmsKeyCiphertext()).isNull();
    assertThat(readBack(out, m)).isEqualTo(plaintext);
  }

  @Test
  void stateStoreAndOutputs_neverHoldPlaintext() throws Exception {
    // Given an upload whose chunks leave plaintext held back between records
    Upload u = upload(SseMode.SSE_S3, "b", "marker");
    byte[] plaintext = plaintext(1_000_000, 6);
    byte[] md5 = md5(plaintext);
    int chunk = 150_000;
    for (int off = 0, seq = 0; off < plaintext.length; off += chunk, seq++) {
      int n = Math.min(chunk, plaintext.length - off);
      boolean last = off + n == plaintext.length;
      send(u, chunk(u, seq, off, Arrays.copyOfRange(plaintext, off, off + n), last, last ? md5 : null));

      // Then after every chunk the serialized state (what the changelog gets) has no marker
      UploadState state = store().get(u.uploadId());
      if (state != null) {
        assertThat(state.getHeldBack().remaining()).isPositive();
        assertThat(containsMarker(stateSerde.serializer().serialize("changelog", state))).isFalse();
      }
    }
    // And neither does anything sealed
    for (SealedChunkRecord r : drain()) {
      assertThat(containsMarker(sealedSerde.serializer().serialize(TOPICS.sealed(), r))).isFalse();
    }
  }

  @Test
  void manyObjectsInOneBucket_costOneKeyServiceCall() throws Exception {
    for (int i = 0; i < 50; i++) {
      put(upload(SseMode.SSE_S3, "busy", "o" + i), plaintext(1000, i), 1 << 20);
    }
    put(upload(SseMode.SSE_S3, "other", "o"), plaintext(10, 1), 1 << 20);

    assertThat(drain()).hasSize(51);
    assertThat(keys.generateCalls.get()).isEqualTo(2);
  }

  @Test
  void replayedChunk_isIgnored() throws Exception {
    Upload u = upload(SseMode.SSE_S3, "b", "replay");
    byte[] plaintext = plaintext(300_000, 8);
    ChunkRecord first = chunk(u, 0, 0, Arrays.copyOf(plaintext, 200_000), false, null);
    send(u, first);
    send(u, first);
    send(u, chunk(u, 1, 200_000, Arrays.copyOfRange(plaintext, 200_000, 300_000), true, md5(plaintext)));

    List<SealedChunkRecord> out = drain();

    assertThat(readBack(out, out.get(out.size() - 1).getManifest())).isEqualTo(plaintext);
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void gapInChunks_abandonsTheUploadWithADeadLetter() throws Exception {
    Upload u = upload(SseMode.SSE_S3, "b", "gap");
    send(u, chunk(u, 0, 0, plaintext(200_000, 9), false, null));
    send(u, chunk(u, 2, 400_000, plaintext(10, 9), true, new byte[16]));

    DeadLetter letter = deadLetters.readValue();

    assertThat(letter.getReason()).contains("chunk 2 arrived, expected 1");
    assertThat(letter.getUploadId()).isEqualTo(u.uploadId());
    assertThat(store().get(u.uploadId())).isNull();
  }

  @Test
  void recordThatDoesNotDecode_goesToTheDeadLetterTopicWithoutItsPayload() {
    chunks.pipeInput("u-1", MARKER);

    DeadLetter letter = deadLetters.readValue();

    assertThat(letter.getReason()).startsWith("chunk does not decode");
    assertThat(letter.getReason()).doesNotContain(new String(MARKER, StandardCharsets.US_ASCII));
    assertThat(sealed.isEmpty()).isTrue();
  }

  @Test
  void chunkOfUnknownUpload_goesToTheDeadLetterTopic() throws Exception {
    Upload u = upload(SseMode.SSE_S3, "b", "headless");
    send(u, chunk(u, 3, 0, plaintext(10, 1), true, new byte[16]));

    assertThat(deadLetters.readValue().getReason()).contains("no header");
  }

  private KeyValueStore<String, UploadState> store() {
    return driver.getKeyValueStore(EncryptorTopics.UPLOAD_STATE_STORE);
  }

  // ---------------------------------------------------------------- multipart parts

  /** A multipart upload as ingest-api creates it: the object key chosen and sealed up front. */
  private Upload multipartUpload(SseMode mode, String versionIdForKey) throws Exception {
    Upload base = upload(mode, "parts", "big.bin");
    UploadHeader h = base.header();
    ExternalKey ek;
    MultipartKey.Builder mk = MultipartKey.newBuilder();
    if (mode == SseMode.SSE_C) {
      ek = ExternalKey.copyOf(customerKey());
    } else {
      KeyMaterialSource.BucketKey bk = keys.bucketKey(h.getBucket(),
          mode == SseMode.SSE_KMS ? h.getKmsKeyId() : null,
          mode == SseMode.SSE_KMS ? h.getKmsContext() : null);
      ek = bk.key();
      mk.setKmsKeyId(bk.masterKeyId()).setKmsKeyCiphertext(ByteBuffer.wrap(bk.ciphertext()));
    }
    ObjectKey oek = ObjectKey.generate(ek);
    mk.setSealedObjectKey(ByteBuffer.wrap(oek.seal(ek, ChunkSealer.sealingMode(mode),
        new io.sealstream.channel.ObjectIdentity(h.getBucket(), h.getObjectKey(),
            versionIdForKey == null ? h.getVersionId() : versionIdForKey))
        .toBytes()));
    UploadHeader.Builder partHeader = UploadHeader.newBuilder(h).setMultipart(mk.build());
    return new Upload(base.uploadId(), base.attemptId(), partHeader.build());
  }

  private ChunkRecord partChunk(Upload u, int part, String attempt, long seq, long offset,
      byte[] data, boolean last, byte[] md5) {
    return ChunkRecord.newBuilder(chunk(u, seq, offset, data, last, md5))
        .setPartNumber(part)
        .setAttemptId(attempt)
        .build();
  }

  private void sendPart(ChunkRecord c) {
    chunks.pipeInput(ChunkKeys.of(c), chunkSerde.serializer().serialize(TOPICS.chunks(), c));
  }

  private ObjectKey partObjectKey(Upload u) throws Exception {
    UploadHeader h = u.header();
    MultipartKey mk = h.getMultipart();
    ExternalKey ek = h.getMode() == SseMode.SSE_C
        ? ExternalKey.copyOf(customerKey())
        : keys.openBucketKey(h.getBucket(), mk.getKmsKeyId(),
            RecordBytes.toArray(mk.getKmsKeyCiphertext()),
            h.getMode() == SseMode.SSE_KMS ? h.getKmsContext() : null);
    return ObjectKey.unseal(ek, ChunkSealer.sealingMode(h.getMode()),
        new io.sealstream.channel.ObjectIdentity(h.getBucket(), h.getObjectKey(), h.getVersionId()),
        SealedObjectKey.fromBytes(RecordBytes.toArray(mk.getSealedObjectKey())));
  }

  private static byte[] ciphertextOf(List<SealedChunkRecord> records, int part, String attempt) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (SealedChunkRecord r : records) {
      if (r.getPartNumber() == part && r.getAttemptId().equals(attempt)) {
        out.writeBytes(RecordBytes.toArray(r.getData()));
      }
    }
    return out.toByteArray();
  }

  private static PartRecord partRecordOf(List<SealedChunkRecord> records, int part, String attempt) {
    return records.stream()
        .filter(r -> r.getPartNumber() == part && r.getAttemptId().equals(attempt) && r.getLast())
        .findFirst().orElseThrow().getPart();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(SseMode.class)
  void partsSentInterleaved_areEachSealedUnderTheirPartKey(SseMode mode) throws Exception {
    // Given a multipart upload whose parts 1 and 2 arrive interleaved, chunk by chunk
    Upload u = multipartUpload(mode, null);
    byte[] one = plaintext(1_500_000, 1);
    byte[] two = plaintext(700_001, 2);
    int half = 1 << 20;
    sendPart(partChunk(u, 1, "p1", 0, 0, Arrays.copyOfRange(one, 0, half), false, null));
    sendPart(partChunk(u, 2, "p2", 0, 0, two, true, md5(two)));
    sendPart(partChunk(u, 1, "p1", 1, half, Arrays.copyOfRange(one, half, one.length), true, md5(one)));

    // Then each part's stream opens under its own part key, and the part records say so
    List<SealedChunkRecord> out = drain();
    assertThat(deadLetters.isEmpty()).isTrue();
    ObjectKey oek = partObjectKey(u);
    assertThat(new DareInputStream(new ByteArrayInputStream(ciphertextOf(out, 1, "p1")),
        oek.partKey(1)).readAllBytes()).isEqualTo(one);
    assertThat(new DareInputStream(new ByteArrayInputStream(ciphertextOf(out, 2, "p2")),
        oek.partKey(2)).readAllBytes()).isEqualTo(two);
    PartRecord p1 = partRecordOf(out, 1, "p1");
    assertThat(p1.getPart().getSize()).isEqualTo(one.length);
    assertThat(p1.getPart().getEncryptedSize()).isEqualTo(DareFormat.encryptedSize(one.length));
    assertThat(oek.unsealEtag(RecordBytes.toArray(p1.getPart().getSealedEtag()))).isEqualTo(md5(one));
    assertThat(out.stream().allMatch(r -> r.getManifest() == null)).isTrue();
    // and part 1 does not open under part 2's key or the single-object data key
    assertThatThrownBy(() -> new DareInputStream(new ByteArrayInputStream(ciphertextOf(out, 1, "p1")),
        oek.partKey(2)).readAllBytes()).isInstanceOf(NotAuthenticException.class);
    assertThatThrownBy(() -> new DareInputStream(new ByteArrayInputStream(ciphertextOf(out, 1, "p1")),
        oek.dataKey()).readAllBytes()).isInstanceOf(NotAuthenticException.class);
  }

  @Test
  void samePartUploadedTwice_getsAFreshNonce_andBothAttemptsOpen() throws Exception {
    Upload u = multipartUpload(SseMode.SSE_S3, null);
    byte[] data = plaintext(100_000, 5);
    sendPart(partChunk(u, 7, "first", 0, 0, data, true, md5(data)));
    sendPart(partChunk(u, 7, "second", 0, 0, data, true, md5(data)));

    List<SealedChunkRecord> out = drain();
    byte[] a = ciphertextOf(out, 7, "first");
    byte[] b = ciphertextOf(out, 7, "second");
    // the same plaintext under the same part key: only a fresh nonce makes them differ
    assertThat(Arrays.copyOfRange(a, 4, 16)).isNotEqualTo(Arrays.copyOfRange(b, 4, 16));
    ObjectKey oek = partObjectKey(u);
    assertThat(new DareInputStream(new ByteArrayInputStream(a), oek.partKey(7)).readAllBytes())
        .isEqualTo(data);
    assertThat(new DareInputStream(new ByteArrayInputStream(b), oek.partKey(7)).readAllBytes())
        .isEqualTo(data);
  }

  @Test
  void partWhoseUploadKeyIsBoundToAnotherObject_goesToTheDeadLetterTopic() throws Exception {
    // the sealed object key was made for another version of the object: it must not open here
    Upload u = multipartUpload(SseMode.SSE_KMS, "another-version");
    byte[] data = plaintext(1000, 9);
    sendPart(partChunk(u, 1, "a", 0, 0, data, true, md5(data)));

    assertThat(sealed.isEmpty()).isTrue();
    assertThat(deadLetters.readValue().getReason()).contains("does not open");
  }

  @Test
  void partWithoutItsUploadKey_orSinglePutWithOne_isRejected() throws Exception {
    Upload plain = upload(SseMode.SSE_S3, "b", "k");
    byte[] data = plaintext(10, 1);
    sendPart(partChunk(plain, 1, "a", 0, 0, data, true, md5(data)));
    Upload multi = multipartUpload(SseMode.SSE_S3, null);
    ChunkRecord single = chunk(multi, 0, 0, data, true, md5(data));
    chunks.pipeInput(multi.uploadId(), chunkSerde.serializer().serialize(TOPICS.chunks(), single));

    assertThat(sealed.isEmpty()).isTrue();
    assertThat(deadLetters.readValue().getReason()).contains("without its upload's key");
    assertThat(deadLetters.readValue().getReason()).contains("single-part object");
  }

  private static boolean containsMarker(byte[] b) {
    outer:
    for (int i = 0; i + MARKER.length <= b.length; i++) {
      for (int j = 0; j < MARKER.length; j++) {
        if (b[i + j] != MARKER[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
