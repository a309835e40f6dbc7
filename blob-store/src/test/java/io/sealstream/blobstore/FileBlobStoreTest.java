package io.sealstream.blobstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileBlobStoreTest {
  @TempDir Path root;

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @Test
  void piecesWrittenOutOfOrderAndReplayed_commitToTheExactBytes() throws Exception {
    // Given a blob written in three pieces, the middle one twice (a replay), out of order
    FileBlobStore store = new FileBlobStore(root);
    BlobId id = new BlobId("v-0001");
    byte[] data = random(300_000);
    store.write(id, 200_000, ByteBuffer.wrap(data, 200_000, 100_000));
    store.write(id, 0, ByteBuffer.wrap(data, 0, 100_000));
    store.write(id, 100_000, ByteBuffer.wrap(data, 100_000, 100_000));
    store.write(id, 100_000, ByteBuffer.wrap(data, 100_000, 100_000));

    // When it is committed
    store.commit(id, data.length);

    // Then it reads back exactly, whole and by range
    assertThat(store.size(id)).isEqualTo(data.length);
    try (InputStream in = store.read(id, 0, data.length)) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    try (InputStream in = store.read(id, 65_568, 1000)) {
      assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 65_568, 66_568));
    }
  }

  @Test
  void pendingBlob_isInvisibleUntilCommitted() throws Exception {
    FileBlobStore store = new FileBlobStore(root);
    BlobId id = new BlobId("v-0002");
    store.write(id, 0, ByteBuffer.wrap(random(10)));

    assertThat(store.size(id)).isEqualTo(-1);
    assertThatThrownBy(() -> store.read(id, 0, 10)).isInstanceOf(BlobStoreException.class);
  }

  @Test
  void commitWithTheWrongSize_isRefusedAndNothingBecomesVisible() throws Exception {
    FileBlobStore store = new FileBlobStore(root);
    BlobId id = new BlobId("v-0003");
    store.write(id, 0, ByteBuffer.wrap(random(10)));

    assertThatThrownBy(() -> store.commit(id, 11))
        .isInstanceOf(BlobStoreException.class)
        .hasMessageContaining("expected 11");
    assertThat(store.size(id)).isEqualTo(-1);
  }

  @Test
  void repeatedCommit_isIdempotent_evenAfterARestart() throws Exception {
    BlobId id = new BlobId("v-0004");
    FileBlobStore store = new FileBlobStore(root);
    store.write(id, 0, ByteBuffer.wrap(random(1000)));
    store.commit(id, 1000);

    FileBlobStore reopened = new FileBlobStore(root);
    reopened.commit(id, 1000);

    assertThat(reopened.size(id)).isEqualTo(1000);
    assertThatThrownBy(() -> reopened.commit(id, 999)).isInstanceOf(BlobStoreException.class);
  }

  @Test
  void replayAfterCommit_leavesTheCommittedBlobIntact() throws Exception {
    // Given a committed blob, and a replay that rewrote only its second half as pending
    FileBlobStore store = new FileBlobStore(root);
    BlobId id = new BlobId("v-0008");
    byte[] data = random(2000);
    store.write(id, 0, ByteBuffer.wrap(data));
    store.commit(id, 2000);
    store.write(id, 1000, ByteBuffer.wrap(data, 1000, 1000));

    // When the replay commits again
    store.commit(id, 2000);

    // Then the blob is still the whole original, and nothing stays pending
    try (InputStream in = store.read(id, 0, 2000)) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    try (var files = Files.list(root.resolve("pending"))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void emptyBlob_commitsWithoutAnyPiece() throws Exception {
    FileBlobStore store = new FileBlobStore(root);
    BlobId id = new BlobId("empty-1");

    store.commit(id, 0);

    assertThat(store.size(id)).isZero();
  }

  @Test
  void readPastTheEnd_isRefused() throws Exception {
    FileBlobStore store = new FileBlobStore(root);
    BlobId id = new BlobId("v-0005");
    store.write(id, 0, ByteBuffer.wrap(random(100)));
    store.commit(id, 100);

    assertThatThrownBy(() -> store.read(id, 50, 51)).isInstanceOf(BlobStoreException.class);
  }

  @Test
  void abortAndDelete_removeTheirFiles() throws Exception {
    FileBlobStore store = new FileBlobStore(root);
    BlobId a = new BlobId("v-0006");
    BlobId b = new BlobId("v-0007");
    store.write(a, 0, ByteBuffer.wrap(random(5)));
    store.write(b, 0, ByteBuffer.wrap(random(5)));
    store.commit(b, 5);

    store.abort(a);
    store.delete(b);
    store.delete(b);

    assertThat(store.size(b)).isEqualTo(-1);
    try (var files = Files.walk(root)) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".hidden", "../escape", "a/b", "a b", "ä"})
  void unsafeBlobId_isRejected(String value) {
    assertThatThrownBy(() -> new BlobId(value)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void list_showsCommittedAndPendingBlobs_andForgetsDeletedOnes() throws Exception {
    FileBlobStore store = new FileBlobStore(root);
    store.write(new BlobId("done-01"), 0, java.nio.ByteBuffer.wrap(new byte[] {1, 2}));
    store.commit(new BlobId("done-01"), 2);
    store.write(new BlobId("open-02"), 0, java.nio.ByteBuffer.wrap(new byte[] {3}));
    store.write(new BlobId("gone-03"), 0, java.nio.ByteBuffer.wrap(new byte[] {4}));
    store.commit(new BlobId("gone-03"), 1);
    store.delete(new BlobId("gone-03"));

    java.util.Map<String, Boolean> seen = new java.util.TreeMap<>();
    store.list(b -> {
      seen.put(b.id().value(), b.committed());
      assertThat(b.lastModified()).isBeforeOrEqualTo(java.time.Instant.now());
    });

    assertThat(seen).containsExactly(
        java.util.Map.entry("done-01", true), java.util.Map.entry("open-02", false));
  }
}
