package io.sealstream.ingest;

import java.util.Comparator;

/**
 * The order S3 lists keys in: the binary order of their UTF-8 bytes, which is code point order.
 * {@link String#compareTo} compares UTF-16 units instead and puts U+E000..U+FFFF after the
 * supplementary characters (surrogates sort below them), so listings, markers and continuation
 * tokens all use this comparator.
 */
final class KeyOrder {
  /** Compares strings by code point, i.e. as their UTF-8 encodings compare bytewise. */
  static final Comparator<String> UTF8 = KeyOrder::compare;

  /** A string after every key starting with a prefix: {@code prefix + MAX + anything} aside. */
  static final String MAX_CODE_POINT = new String(Character.toChars(Character.MAX_CODE_POINT));

  private KeyOrder() {}

  static int compare(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        if (x >= Character.MIN_SURROGATE && y >= Character.MIN_SURROGATE) {
          return rank(x) - rank(y);
        }
        return x - y;
      }
    }
    return a.length() - b.length();
  }

  /**
   * For units at or above U+D800: moves surrogates (which stand for code points above U+FFFF)
   * above U+E000..U+FFFF and keeps each group's own order.
   */
  private static int rank(char c) {
    return c > Character.MAX_SURROGATE ? c - 0x800 : c + 0x2000;
  }
}
