package io.sealstream.keyservice;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The context a data key is bound to: a string → string map, authenticated (never encrypted)
 * with the data key as its canonical JSON text, the way MinIO and KES do it
 * (reference/minio-sse.md §2.9):
 *
 * <ul>
 *   <li>members sorted by key in code point order (= UTF-8 byte order, = Go's sort);
 *   <li>no whitespace; the empty map is {@code {}};
 *   <li>strings escaped the Go way, HTML-safe: {@code "} and {@code \} with a backslash; {@code
 *       \n \r \t} as such; other control characters, {@code < > &}, U+2028 and U+2029 as {@code
 *       \}{@code u00xx} with lower-case hex; everything else as raw UTF-8.
 * </ul>
 *
 * Unlike Go, which replaces invalid UTF-8 with U+FFFD, a key or value with an unpaired surrogate
 * is refused: two different contexts must never share one canonical form.
 */
record KeyContext(SortedMap<String, String> entries) {
  /** Code point order, which is the order of the UTF-8 bytes (Java's compareTo is UTF-16's). */
  static final Comparator<String> CODE_POINT_ORDER =
      (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
          int ca = a.codePointAt(i);
          int cb = b.codePointAt(j);
          if (ca != cb) {
            return Integer.compare(ca, cb);
          }
          i += Character.charCount(ca);
          j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
      };

  private static final KeyContext EMPTY = new KeyContext(new TreeMap<>(CODE_POINT_ORDER));
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  KeyContext {
    if (entries == null) {
      throw new IllegalArgumentException("context must be a map, was null");
    }
    TreeMap<String, String> sorted = new TreeMap<>(CODE_POINT_ORDER);
    for (Map.Entry<String, String> e : entries.entrySet()) {
      requireWellFormed(e.getKey(), "context key");
      requireWellFormed(e.getValue(), "context value");
      sorted.put(e.getKey(), e.getValue());
    }
    entries = Collections.unmodifiableSortedMap(sorted);
  }

  static KeyContext of(Map<String, String> entries) {
    if (entries == null) {
      throw new IllegalArgumentException("context must be a map, was null");
    }
    return entries.isEmpty() ? EMPTY : new KeyContext(new TreeMap<>(entries));
  }

  static KeyContext empty() {
    return EMPTY;
  }

  /** The canonical JSON text as UTF-8: the bytes that are authenticated. */
  byte[] canonicalJson() {
    StringBuilder json = new StringBuilder(16 * entries.size() + 2).append('{');
    boolean first = true;
    for (Map.Entry<String, String> e : entries.entrySet()) {
      if (!first) {
        json.append(',');
      }
      first = false;
      appendString(json, e.getKey());
      json.append(':');
      appendString(json, e.getValue());
    }
    json.append('}');
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void appendString(StringBuilder json, String s) {
    json.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> appendUnicodeEscape(json, c);
        default -> {
          if (c < 0x20) {
            appendUnicodeEscape(json, c);
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }

  private static void appendUnicodeEscape(StringBuilder json, char c) {
    json.append("\\u")
        .append(HEX[c >> 12 & 0xf])
        .append(HEX[c >> 8 & 0xf])
        .append(HEX[c >> 4 & 0xf])
        .append(HEX[c & 0xf]);
  }

  private static void requireWellFormed(String s, String what) {
    if (s == null) {
      throw new IllegalArgumentException(what + " must be a string, was null");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            what + " must be valid Unicode, has an unpaired surrogate at index " + i);
      }
    }
  }

  @Override
  public String toString() {
    return "KeyContext" + new String(canonicalJson(), StandardCharsets.UTF_8);
  }
}
