package io.sealstream.ingest;

import java.util.zip.Checksum;

/**
 * CRC-64/NVME (the {@code x-amz-checksum-crc64nvme} of S3): polynomial 0xAD93D23594C93659,
 * reflected input and output, initial value and final XOR all ones. Check value of "123456789":
 * 0xAE8B14860A799888. Table-driven, one byte at a time: the JDK has CRC-32 and CRC-32C but no
 * 64-bit CRC, and the table keeps it to one lookup per byte. Not thread-safe.
 */
final class Crc64Nvme implements Checksum {
  /** The polynomial bit-reversed, since the CRC is computed least significant bit first. */
  private static final long REFLECTED_POLY = 0x9A6C9329AC4BC9B5L;
  private static final long[] TABLE = table();

  private long crc = ~0L;

  private static long[] table() {
    long[] t = new long[256];
    for (int i = 0; i < 256; i++) {
      long r = i;
      for (int bit = 0; bit < 8; bit++) {
        r = (r & 1) != 0 ? (r >>> 1) ^ REFLECTED_POLY : r >>> 1;
      }
      t[i] = r;
    }
    return t;
  }

  @Override
  public void update(int b) {
    crc = TABLE[(int) (crc ^ b) & 0xff] ^ (crc >>> 8);
  }

  @Override
  public void update(byte[] b, int off, int len) {
    long c = crc;
    for (int i = off, end = off + len; i < end; i++) {
      c = TABLE[(int) (c ^ b[i]) & 0xff] ^ (c >>> 8);
    }
    crc = c;
  }

  /** The CRC so far (all 64 bits; {@link Checksum#getValue} is a long, so none are lost). */
  @Override
  public long getValue() {
    return ~crc;
  }

  @Override
  public void reset() {
    crc = ~0L;
  }
}
