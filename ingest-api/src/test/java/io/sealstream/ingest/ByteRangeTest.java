package io.sealstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

  @Test
  void closedRange() throws Exception {
    assertThat(ByteRange.parse("bytes=0-99", 1000)).isEqualTo(new ByteRange(0, 100));
    assertThat(ByteRange.parse("bytes=10-10", 1000)).isEqualTo(new ByteRange(10, 1));
    assertThat(ByteRange.parse("bytes=0-99", 1000).contentRange(1000)).isEqualTo("bytes 0-99/1000");
  }

  @Test
  void endPastSize_isClamped() throws Exception {
    assertThat(ByteRange.parse("bytes=900-5000", 1000)).isEqualTo(new ByteRange(900, 100));
  }

  @Test
  void openEnded() throws Exception {
    assertThat(ByteRange.parse("bytes=990-", 1000)).isEqualTo(new ByteRange(990, 10));
  }

  @Test
  void suffix() throws Exception {
    assertThat(ByteRange.parse("bytes=-10", 1000)).isEqualTo(new ByteRange(990, 10));
    assertThat(ByteRange.parse("bytes=-5000", 1000)).isEqualTo(new ByteRange(0, 1000));
  }

  @Test
  void absentInvalidOrMultiple_isWholeObject() throws Exception {
    assertThat(ByteRange.parse(null, 1000)).isNull();
    assertThat(ByteRange.parse("items=0-1", 1000)).isNull();
    assertThat(ByteRange.parse("bytes=5-1", 1000)).isNull();
    assertThat(ByteRange.parse("bytes=a-b", 1000)).isNull();
    assertThat(ByteRange.parse("bytes=0-1,5-6", 1000)).isNull();
    assertThat(ByteRange.parse("bytes=-", 1000)).isNull();
  }

  @Test
  void startPastEnd_isInvalidRange() {
    assertThatThrownBy(() -> ByteRange.parse("bytes=1000-", 1000))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.error()).isEqualTo(S3Error.INVALID_RANGE));
    assertThatThrownBy(() -> ByteRange.parse("bytes=0-0", 0)).isInstanceOf(S3Exception.class);
    assertThatThrownBy(() -> ByteRange.parse("bytes=-0", 1000)).isInstanceOf(S3Exception.class);
  }
}
