package io.sealstream.channel;

import java.util.Arrays;
import java.util.HexFormat;
import javax.security.auth.Destroyable;

/**
 * 32 bytes of secret key material with a destroyable lifecycle. The common base of the key
 * holders in this package; its bytes never leave the package.
 *
 * <p>Thread-safe for concurrent use; {@link #destroy()} must not race with use.
 */
abstract class KeyMaterial implements Destroyable {
  private final byte[] material;
  private volatile boolean destroyed;

  KeyMaterial(byte[] material, String what) {
    if (material == null || material.length != DareFormat.KEY_SIZE) {
      throw new IllegalArgumentException(
          what + " must be 32 bytes, was " + (material == null ? "null" : material.length));
    }
    this.material = material.clone();
  }

  static byte[] parseHex(String hex, String what) {
    if (hex == null || hex.length() != 2 * DareFormat.KEY_SIZE) {
      throw new IllegalArgumentException(
          what + " must be 64 hex characters, was " + (hex == null ? "null" : hex.length()));
    }
    try {
      return HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      // the message of HexFormat may quote the input; say only what is wrong
      throw new IllegalArgumentException(what + " must be hexadecimal");
    }
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
