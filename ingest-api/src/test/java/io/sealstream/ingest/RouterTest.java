package io.sealstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RouterTest {

  @Test
  void percentDecode_keepsPlus_andDecodesUtf8() throws Exception {
    assertThat(Router.percentDecode("/b/a%20b+c")).isEqualTo("/b/a b+c");
    assertThat(Router.percentDecode("/b/%C3%BC%2Fx")).isEqualTo("/b/ü/x");
    assertThat(Router.percentDecode("/b/a//b")).isEqualTo("/b/a//b");
  }

  @Test
  void percentDecode_malformed_isInvalidArgument() {
    assertThatThrownBy(() -> Router.percentDecode("/b/%zz")).isInstanceOf(S3Exception.class);
    assertThatThrownBy(() -> Router.percentDecode("/b/%2")).isInstanceOf(S3Exception.class);
  }

  @Test
  void bucketNames_followS3Rules() {
    assertThat(BucketNames.isValid("my-bucket.01")).isTrue();
    assertThat(BucketNames.isValid("abc")).isTrue();
    assertThat(BucketNames.isValid("ab")).isFalse();
    assertThat(BucketNames.isValid("a".repeat(64))).isFalse();
    assertThat(BucketNames.isValid("Bad_Bucket")).isFalse();
    assertThat(BucketNames.isValid("-abc")).isFalse();
    assertThat(BucketNames.isValid("abc-")).isFalse();
    assertThat(BucketNames.isValid("a..b")).isFalse();
    assertThat(BucketNames.isValid("192.168.1.1")).isFalse();
  }
}
