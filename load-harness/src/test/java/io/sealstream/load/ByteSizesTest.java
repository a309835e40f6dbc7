package io.sealstream.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ByteSizesTest {
  @Test
  void parsesBinaryUnitsAndPlainBytes() {
    assertThat(ByteSizes.parseList("4KiB, 1MiB,64mib,10GiB,512")).containsExactly(
        4096L, 1L << 20, 64L << 20, 10L << 30, 512L);
  }

  @Test
  void refusesNonsenseAndZero() {
    assertThatThrownBy(() -> ByteSizes.parse("4KB")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ByteSizes.parse("0MiB")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ByteSizes.parseList(" , ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void formatsInTheLargestExactUnit() {
    assertThat(List.of(4096L, 1L << 20, 10L << 30, 1000L, 1536L).stream().map(ByteSizes::format))
        .containsExactly("4 KiB", "1 MiB", "10 GiB", "1000 B", "1536 B");
  }

  @Test
  void parsesModes() {
    assertThat(SseMode.parseList("sse-c,SSE-KMS")).containsExactly(SseMode.SSE_C, SseMode.SSE_KMS);
    assertThatThrownBy(() -> SseMode.parse("aes")).isInstanceOf(IllegalArgumentException.class);
  }
}
