package io.sealstream.schemas;

import java.nio.ByteBuffer;

/** Copies out the {@code bytes} fields of generated records, which Avro hands out as buffers. */
public final class RecordBytes {
  private RecordBytes() {}

  /** The remaining bytes of {@code b} as a new array; {@code b}'s position is not moved. */
  public static byte[] toArray(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }
}
