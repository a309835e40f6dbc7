package io.sealstream.ingest;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The additional checksums of S3 ({@code x-amz-checksum-<alg>}, as a request header or an
 * aws-chunked trailer): the header name, the digest length and a running digest of each. CRC
 * values are sent big-endian, every value base64-encoded.
 */
enum ChecksumAlgorithm {
  CRC32("crc32", 4),
  CRC32C("crc32c", 4),
  CRC64NVME("crc64nvme", 8),
  SHA1("sha1", 20),
  SHA256("sha256", 32);

  static final String HEADER_PREFIX = "x-amz-checksum-";

  private final String id;
  private final int length;

  ChecksumAlgorithm(String id, int length) {
    this.id = id;
    this.length = length;
  }

  /** The header (and trailer) name, lower case: {@code x-amz-checksum-crc32}. */
  String header() {
    return HEADER_PREFIX + id;
  }

  /** The digest length in bytes. */
  int length() {
    return length;
  }

  /** The name S3 uses in messages: CRC32, CRC32C, CRC64NVME, SHA1, SHA256. */
  String displayName() {
    return name();
  }

  /** The algorithm a header or trailer name stands for (any case), or null. */
  static ChecksumAlgorithm ofHeader(String name) {
    String lower = name.strip().toLowerCase(Locale.ROOT);
    for (ChecksumAlgorithm a : values()) {
      if (a.header().equals(lower)) {
        return a;
      }
    }
    return null;
  }

  /** A fresh running digest of this algorithm. */
  Digest start() {
    return switch (this) {
      case CRC32 -> new CrcDigest(new CRC32(), 4);
      case CRC32C -> new CrcDigest(new CRC32C(), 4);
      case CRC64NVME -> new CrcDigest(new Crc64Nvme(), 8);
      case SHA1 -> new HashDigest(messageDigest("SHA-1"));
      case SHA256 -> new HashDigest(messageDigest("SHA-256"));
    };
  }

  /** A digest fed as the payload streams through; {@link #finish} once. */
  interface Digest {
    void update(byte[] b, int off, int len);

    byte[] finish();
  }

  private record CrcDigest(Checksum crc, int bytes) implements Digest {
    @Override
    public void update(byte[] b, int off, int len) {
      crc.update(b, off, len);
    }

    @Override
    public byte[] finish() {
      byte[] big = ByteBuffer.allocate(8).putLong(crc.getValue()).array();
      byte[] out = new byte[bytes];
      System.arraycopy(big, 8 - bytes, out, 0, bytes);
      return out;
    }
  }

  private record HashDigest(MessageDigest md) implements Digest {
    @Override
    public void update(byte[] b, int off, int len) {
      md.update(b, off, len);
    }

    @Override
    public byte[] finish() {
      return md.digest();
    }
  }

  private static MessageDigest messageDigest(String name) {
    try {
      return MessageDigest.getInstance(name);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(name + " is missing from this JVM", e);
    }
  }
}
