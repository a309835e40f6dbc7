package io.sealstream.storewriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealstream.blobstore.BlobId;
import io.sealstream.blobstore.FileBlobStore;
import io.sealstream.schemas.ObjectEventType;
import io.sealstream.schemas.ObjectManifest;
import io.sealstream.schemas.PartManifest;
import io.sealstream.schemas.PartRecord;
import io.sealstream.schemas.SealedChunkRecord;
import io.sealstream.schemas.SseMode;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SealedChunkApplierTest {
  @TempDir Path root;

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static ObjectManifest manifest(long plaintextSize, long encryptedSize) {
    return ObjectManifest.newBuilder()
        .setBucket("b")
        .setObjectKey("k")
        .setVersionId("v1")
        .setUploadId("u1")
        .setMode(SseMode.SSE_S3)
        .setSealedObjectKey(ByteBuffer.wrap(new byte[97]))
        .setKmsKeyId("default")
        .setKmsKeyCiphertext(ByteBuffer.wrap(new byte[61]))
        .setSize(plaintextSize)
        .setParts(
            List.of(
                PartManifest.newBuilder()
                    .setNumber(0)
                    .setSize(plaintextSize)
                    .setEncryptedSize(encryptedSize)
                    .setSealedEtag(ByteBuffer.wrap(new byte[48]))
                    .build()))
        .setBlobId("")
        .setUserMetadata(Map.of())
        .setCreatedAtMillis(1)
        .build();
  }

  private static SealedChunkRecord chunk(
      long seq, long offset, byte[] data, int from, int to, ObjectManifest manifest) {
    return SealedChunkRecord.newBuilder()
        .setUploadId("u1")
        .setPartNumber(0)
        .setAttemptId("a1")
        .setSequence(seq)
        .setOffset(offset)
        .setData(ByteBuffer.wrap(Arrays.copyOfRange(data, from, to)))
        .setLast(manifest != null)
        .setManifest(manifest)
        .build();
  }

  @Test
  void lastChunk_commitsTheBlobAndReturnsManifestWithBlobIdAndAStoredEvent() throws Exception {
    // Given a 3-piece sealed object (the bytes stand in for DARE packages)
    FileBlobStore store = new FileBlobStore(root);
    SealedChunkApplier applier = new SealedChunkApplier(store);
    byte[] data = random(200_000);

    // When the pieces are applied, the first one twice (a replay)
    applier.apply(chunk(0, 0, data, 0, 100_000, null), 5);
    applier.apply(chunk(0, 0, data, 0, 100_000, null), 5);
    applier.apply(chunk(1, 100_000, data, 100_000, 150_000, null), 5);
    SealedChunkApplier.Applied done =
        applier.apply(chunk(2, 150_000, data, 150_000, 200_000, manifest(199_000, 200_000)), 9);

    // Then the blob holds exactly the bytes, and the manifest and event name it
    assertThat(done.manifest().getBlobId()).isEqualTo("u1.0.a1");
    assertThat(done.event().getType()).isEqualTo(ObjectEventType.STORED);
    assertThat(done.event().getTimeMillis()).isEqualTo(9);
    try (InputStream in = store.read(new BlobId("u1.0.a1"), 0, 200_000)) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void wholeObjectReplayedAfterCommit_commitsAgainWithoutChangingTheBlob() throws Exception {
    FileBlobStore store = new FileBlobStore(root);
    SealedChunkApplier applier = new SealedChunkApplier(store);
    byte[] data = random(1000);
    applier.apply(chunk(0, 0, data, 0, 500, null), 1);
    applier.apply(chunk(1, 500, data, 500, 1000, manifest(936, 1000)), 1);

    SealedChunkApplier.Applied again =
        applier.apply(chunk(1, 500, data, 500, 1000, manifest(936, 1000)), 2);

    assertThat(again.manifest()).isNotNull();
    try (InputStream in = store.read(new BlobId("u1.0.a1"), 0, 1000)) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void manifestThatDisagreesWithTheBytes_isRejected() throws Exception {
    SealedChunkApplier applier = new SealedChunkApplier(new FileBlobStore(root));
    byte[] data = random(1000);

    assertThatThrownBy(() -> applier.apply(chunk(0, 0, data, 0, 1000, manifest(10, 42)), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("manifest says 42");
  }

  @Test
  void emptyObject_commitsAnEmptyBlob() throws Exception {
    FileBlobStore store = new FileBlobStore(root);
    SealedChunkApplier applier = new SealedChunkApplier(store);

    SealedChunkApplier.Applied done = applier.apply(chunk(0, 0, new byte[0], 0, 0, manifest(0, 0)), 1);

    assertThat(done.manifest().getSize()).isZero();
    assertThat(store.size(new BlobId("u1.0.a1"))).isZero();
  }

  private static SealedChunkRecord partChunk(
      int partNumber, String attempt, long offset, byte[] data, boolean last, PartRecord part) {
    return SealedChunkRecord.newBuilder()
        .setUploadId("u1")
        .setPartNumber(partNumber)
        .setAttemptId(attempt)
        .setSequence(offset == 0 ? 0 : 1)
        .setOffset(offset)
        .setData(ByteBuffer.wrap(data))
        .setLast(last)
        .setPart(part)
        .build();
  }

  private static PartRecord part(int number, String attempt, long encryptedSize) {
    return PartRecord.newBuilder()
        .setUploadId("u1")
        .setAttemptId(attempt)
        .setPart(PartManifest.newBuilder()
            .setNumber(number)
            .setSize(encryptedSize - 32)
            .setEncryptedSize(encryptedSize)
            .setSealedEtag(ByteBuffer.wrap(new byte[48]))
            .setBlobId("")
            .build())
        .setStoredAtMillis(0)
        .build();
  }

  @Test
  void lastChunkOfAPart_commitsItsOwnBlobPerAttempt_andReturnsThePartRecord() throws Exception {
    FileBlobStore store = new FileBlobStore(root);
    SealedChunkApplier applier = new SealedChunkApplier(store);
    byte[] first = random(700);
    byte[] second = random(701);

    applier.apply(partChunk(3, "a1", 0, Arrays.copyOfRange(first, 0, 300), false, null), 1);
    SealedChunkApplier.Applied one = applier.apply(
        partChunk(3, "a1", 300, Arrays.copyOfRange(first, 300, 700), true, part(3, "a1", 700)), 7);
    // the same part uploaded again: a new attempt, a new blob, the first left intact
    SealedChunkApplier.Applied two =
        applier.apply(partChunk(3, "a2", 0, second, true, part(3, "a2", 701)), 8);

    assertThat(one.manifest()).isNull();
    assertThat(one.part().getPart().getBlobId()).isEqualTo("u1.3.a1");
    assertThat(one.part().getStoredAtMillis()).isEqualTo(7);
    assertThat(two.part().getPart().getBlobId()).isEqualTo("u1.3.a2");
    try (InputStream in = store.read(new BlobId("u1.3.a1"), 0, 700)) {
      assertThat(in.readAllBytes()).isEqualTo(first);
    }
    try (InputStream in = store.read(new BlobId("u1.3.a2"), 0, 701)) {
      assertThat(in.readAllBytes()).isEqualTo(second);
    }
  }

  @Test
  void partRecordThatDisagreesWithItsChunks_isRejected() throws Exception {
    SealedChunkApplier applier = new SealedChunkApplier(new FileBlobStore(root));
    byte[] data = random(100);

    assertThatThrownBy(() -> applier.apply(partChunk(2, "a1", 0, data, true, part(2, "a1", 99)), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("part record says 99");
    assertThatThrownBy(() -> applier.apply(partChunk(2, "a1", 0, data, true, part(5, "a1", 100)), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not match");
  }
}
