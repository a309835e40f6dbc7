package io.sealstream.keyservice;

import java.util.Arrays;
import java.util.HexFormat;
import javax.security.auth.Destroyable;

/**
 * 32 bytes of secret key material with a destroyable lifecycle: the base of {@link RootKey} and
 * {@link MasterKey}. The bytes are reachable only inside this package.
 *
 * <p>Thread-safe for concurrent use; {@link #destroy()} must not race with use.
 */
abstract class SecretBytes implements Destroyable {
  static final int SIZE = 32;

  private final byte[] material;
  private volatile boolean destroyed;

  /** Takes a copy of {@code material}; the caller wipes its own array. */
  SecretBytes(byte[] material, String what) {
    if (material == null || material.length != SIZE) {
      throw new IllegalArgumentException(
          what + " must be 32 bytes, was " + (material == null ? "null" : material.length));
    }
    this.material = material.clone();
  }

  static byte[] parseHex(CharSequence hex, String what) {
    if (hex == null || hex.length() != 2 * SIZE) {
      throw new IllegalArgumentException(
          what + " must be 64 hex characters, was " + (hex == null ? "null" : hex.length()));
    }
    byte[] out = new byte[SIZE];
    for (int i = 0; i < SIZE; i++) {
      char hi = hex.charAt(2 * i);
      char lo = hex.charAt(2 * i + 1);
      if (!HexFormat.isHexDigit(hi) || !HexFormat.isHexDigit(lo)) {
        Arrays.fill(out, (byte) 0);
        // say where, never what: the text is a secret
        throw new IllegalArgumentException(
            what + " must be hexadecimal, character " + (HexFormat.isHexDigit(hi) ? 2 * i + 1 : 2 * i)
                + " is not");
      }
      out[i] = (byte) (HexFormat.fromHexDigit(hi) << 4 | HexFormat.fromHexDigit(lo));
    }
    return out;
  }

  /** The live material. Callers inside the package must not modify or keep it. */
  final byte[] material() {
    if (destroyed) {
      throw new IllegalStateException(getClass().getSimpleName() + " has been destroyed");
    }
    return material;
  }

  @Override
  public final void destroy() {
    destroyed = true;
    Arrays.fill(material, (byte) 0);
  }

  @Override
  public final boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public final String toString() {
    return getClass().getSimpleName() + (destroyed ? "[destroyed]" : "[32 bytes, hidden]");
  }
}
