package io.sealstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyOrderTest {
  private static final String[] PIECES = {"a", "b", "/", "é", "\uE000", "\uFFFD", "😀", "\uD800\uDC00", "z"};

  @Test
  void ordersLikeUtf8Bytes_whereUtf16UnitsWouldNot() {
    String bmpHigh = "\uE000"; // U+E000: 3 UTF-8 bytes, EE 80 80
    String astral = "😀"; // U+1F600: 4 UTF-8 bytes, F0 ..., surrogates D83D DE00 in UTF-16
    assertThat(bmpHigh.compareTo(astral)).as("UTF-16 order").isPositive();
    assertThat(KeyOrder.compare(bmpHigh, astral)).as("UTF-8 order").isNegative();
  }

  @Test
  void agreesWithUnsignedUtf8Comparison_onRandomStrings() {
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      String a = randomString(random);
      String b = randomString(random);
      int expected = Integer.signum(Arrays.compareUnsigned(
          a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
      assertThat(Integer.signum(KeyOrder.compare(a, b))).as("%s vs %s", a, b).isEqualTo(expected);
    }
  }

  private static String randomString(Random random) {
    StringBuilder s = new StringBuilder();
    int n = random.nextInt(5);
    for (int i = 0; i < n; i++) {
      s.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return s.toString();
  }
}
