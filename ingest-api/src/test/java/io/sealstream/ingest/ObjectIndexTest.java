package io.sealstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealstream.schemas.ObjectManifest;
import io.sealstream.schemas.PartManifest;
import io.sealstream.schemas.SseMode;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectIndexTest {

  static ObjectManifest manifest(String bucket, String key) {
    return ObjectManifest.newBuilder()
        .setBucket(bucket).setObjectKey(key).setVersionId("v-" + key).setUploadId("u")
        .setMode(SseMode.SSE_KMS).setSealedObjectKey(ByteBuffer.wrap(new byte[97]))
        .setSize(3)
        .setParts(List.of(PartManifest.newBuilder().setNumber(0).setSize(3).setEncryptedSize(35)
            .setSealedEtag(ByteBuffer.wrap(new byte[32])).build()))
        .setBlobId("blob").setCreatedAtMillis(1).build();
  }

  @Test
  void keepsEachBucketsKeysInUtf8Order_andSplitsAtTheFirstSlash() {
    ObjectIndex index = new ObjectIndex();
    for (String key : new String[] {"\uE000", "b/c", "😀", "a", "/lead"}) {
      index.apply("bk/" + key, manifest("bk", key));
    }
    index.apply("bk2/a", manifest("bk2", "a"));
    assertThat(index.bucket("bk").keySet()).containsExactly("/lead", "a", "b/c", "\uE000", "😀");
    assertThat(index.get("bk", "b/c").getObjectKey()).isEqualTo("b/c");
    assertThat(index.get("bk", "c")).isNull();
    assertThat(index.size()).isEqualTo(6);
  }

  @Test
  void tombstones_remove_andAnEmptiedBucketHasNoObjects() {
    ObjectIndex index = new ObjectIndex();
    assertThat(index.hasObjects("bk")).isFalse();
    assertThat(index.bucket("bk")).isEmpty();
    index.apply("bk/x", manifest("bk", "x"));
    index.apply("bk/y", manifest("bk", "y"));
    index.apply("bkz/x", manifest("bkz", "x"));
    assertThat(index.hasObjects("bk")).isTrue();
    index.apply("bk/x", null);
    assertThat(index.hasObjects("bk")).isTrue();
    index.apply("bk/y", null);
    index.apply("bk/never", null);
    assertThat(index.hasObjects("bk")).isFalse();
    assertThat(index.hasObjects("bkz")).as("a bucket whose name extends another's").isTrue();
  }
}
