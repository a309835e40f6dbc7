package io.sealstream.ingest;

/** XML text escaping for the small bodies this server writes. */
final class Xml {
  private Xml() {}

  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&apos;");
        default -> {
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            b.append("&#").append((int) c).append(';');
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
