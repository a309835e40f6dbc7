package io.sealstream.keyservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The canonical JSON that binds a data key to its context: pinned text, reference §2.9. */
class KeyContextTest {

  private static String canonical(Map<String, String> entries) {
    return new String(KeyContext.of(entries).canonicalJson(), StandardCharsets.UTF_8);
  }

  @Test
  void emptyContext_isTheEmptyObject() {
    assertThat(canonical(Map.of())).isEqualTo("{}");
    assertThat(new String(KeyContext.empty().canonicalJson(), StandardCharsets.UTF_8))
        .isEqualTo("{}");
  }

  @Test
  void minioSseS3Context_matchesTheReferenceText() {
    // reference/minio-sse.md §2.9: {"<bucket>":"<bucket>/<object>"}
    assertThat(canonical(Map.of("mybucket", "mybucket/photos/a.jpg")))
        .isEqualTo("{\"mybucket\":\"mybucket/photos/a.jpg\"}");
  }

  @Test
  void members_areSortedByKey_withoutWhitespace_whateverTheInsertionOrder() {
    // Given
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("zeta", "1");
    entries.put("alpha", "2");
    entries.put("Beta", "3");
    // When / Then
    assertThat(canonical(entries)).isEqualTo("{\"Beta\":\"3\",\"alpha\":\"2\",\"zeta\":\"1\"}");
  }

  @Test
  void keys_sortInCodePointOrder_notUtf16Order() {
    // Given: U+FF21 (one UTF-16 unit, 0xEF.. in UTF-8) and U+1F600 (a surrogate pair, 0xF0..)
    // UTF-16 order puts the emoji first (0xD83D < 0xFF21); UTF-8 and Go put it last.
    Map<String, String> entries = Map.of("\uFF21", "a", "\uD83D\uDE00", "b");
    // When / Then
    assertThat(canonical(entries)).isEqualTo("{\"\uFF21\":\"a\",\"\uD83D\uDE00\":\"b\"}");
  }

  @Test
  void strings_areEscapedTheGoWay_htmlSafe() {
    // Given
    Map<String, String> entries = Map.of("k", "q\" b\\ n\n r\r t\t <>& \u0001 \u001f \u2028\u2029 é");
    // When / Then
    assertThat(canonical(entries))
        .isEqualTo(
            "{\"k\":\"q\\\" b\\\\ n\\n r\\r t\\t \\u003c\\u003e\\u0026 \\u0001 \\u001f"
                + " \\u2028\\u2029 é\"}");
    assertThat(KeyContext.of(entries).canonicalJson()).contains((byte) 0xc3, (byte) 0xa9);
  }

  @Test
  void contextWithUnpairedSurrogate_isRejected() {
    assertThatThrownBy(() -> KeyContext.of(Map.of("k", "a\uD800b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("context value must be valid Unicode");
    assertThatThrownBy(() -> KeyContext.of(Map.of("\uDC00", "v")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("context key must be valid Unicode");
  }

  @Test
  void contextsWithTheSameEntries_areEqual_andDifferentOnesDiffer() {
    Map<String, String> ordered = new LinkedHashMap<>();
    ordered.put("b", "2");
    ordered.put("a", "1");
    assertThat(KeyContext.of(ordered)).isEqualTo(KeyContext.of(Map.of("a", "1", "b", "2")));
    assertThat(KeyContext.of(Map.of("a", "1"))).isNotEqualTo(KeyContext.of(Map.of("a", "2")));
  }
}
