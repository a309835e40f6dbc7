package io.sealstream.keyservice;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code lp(x) = uint32 BE length of x ‖ x}, concatenated: the associated data of every AEAD in
 * this package, so no two field lists encode to the same bytes (docs/format.md uses the same
 * notation).
 */
final class LengthPrefixed {
  private LengthPrefixed() {}

  static byte[] of(byte[]... fields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] field : fields) {
      int n = field.length;
      out.write(n >>> 24);
      out.write(n >>> 16);
      out.write(n >>> 8);
      out.write(n);
      out.write(field, 0, n);
    }
    return out.toByteArray();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
