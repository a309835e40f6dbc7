package io.sealstream.channel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 and the length-prefixed message encoding used by our key derivations. */
final class Hmac {
  private Hmac() {}

  static byte[] sha256(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no HmacSHA256", e);
    }
  }

  /**
   * Each field as a 4-byte big-endian length followed by its bytes, so that no two different
   * field lists encode to the same message (MinIO concatenates without lengths).
   */
  static byte[] lengthPrefixed(byte[]... fields) {
    int total = 0;
    for (byte[] f : fields) {
      total += 4 + f.length;
    }
    ByteBuffer out = ByteBuffer.allocate(total);
    for (byte[] f : fields) {
      out.putInt(f.length).put(f);
    }
    return out.array();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
