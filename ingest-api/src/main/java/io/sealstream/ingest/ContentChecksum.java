package io.sealstream.ingest;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.function.Function;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The integrity header S3 requires on some bodies (DeleteObjects, PutBucketEncryption): {@code
 * Content-MD5} or one {@code x-amz-checksum-*} header. A request without one is refused as S3
 * refuses it; each one present must match the body.
 */
final class ContentChecksum {
  static final String CONTENT_MD5 = "Content-MD5";

  /** The flexible checksums S3 accepts, header suffix → name in messages. */
  private enum Algorithm {
    CRC32("crc32", 4),
    CRC32C("crc32c", 4),
    CRC64NVME("crc64nvme", 8),
    SHA1("sha1", 20),
    SHA256("sha256", 32);

    final String header;
    final int length;

    Algorithm(String suffix, int length) {
      this.header = "x-amz-checksum-" + suffix;
      this.length = length;
    }

    byte[] digest(byte[] body) {
      return switch (this) {
        case CRC32 -> {
          CRC32 c = new CRC32();
          c.update(body);
          yield ByteBuffer.allocate(4).putInt((int) c.getValue()).array();
        }
        case CRC32C -> {
          CRC32C c = new CRC32C();
          c.update(body);
          yield ByteBuffer.allocate(4).putInt((int) c.getValue()).array();
        }
        case CRC64NVME -> ByteBuffer.allocate(8).putLong(Crc64Nvme.of(body)).array();
        case SHA1 -> ContentChecksum.digest("SHA-1", body);
        case SHA256 -> ContentChecksum.digest("SHA-256", body);
      };
    }
  }

  private ContentChecksum() {}

  /**
   * Checks {@code body} against the request's integrity headers.
   *
   * @throws S3Exception InvalidRequest when there is none; InvalidDigest / InvalidRequest for a
   *     malformed value; BadDigest when one does not match
   */
  static void verifyRequired(Function<String, String> header, byte[] body) throws S3Exception {
    boolean any = false;
    String md5 = header.apply(CONTENT_MD5);
    if (md5 != null) {
      any = true;
      byte[] expected = ObjectHandlers.contentMd5(md5);
      if (!MessageDigest.isEqual(expected, digest("MD5", body))) {
        throw S3Error.BAD_DIGEST.exception();
      }
    }
    for (Algorithm a : Algorithm.values()) {
      String value = header.apply(a.header);
      if (value == null) {
        continue;
      }
      any = true;
      byte[] expected;
      try {
        expected = Base64.getDecoder().decode(value.strip());
      } catch (IllegalArgumentException e) {
        expected = null;
      }
      if (expected == null || expected.length != a.length) {
        throw S3Error.INVALID_REQUEST.exception("Value for " + a.header + " header is invalid.");
      }
      if (!MessageDigest.isEqual(expected, a.digest(body))) {
        throw S3Error.BAD_DIGEST.exception("The " + a.name().toUpperCase(Locale.ROOT)
            + " you specified did not match the calculated checksum.");
      }
    }
    if (!any) {
      throw S3Error.INVALID_REQUEST.exception("Missing required header for this request: Content-Md5.");
    }
  }

  private static byte[] digest(String algorithm, byte[] body) {
    try {
      return MessageDigest.getInstance(algorithm).digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from this JVM", e);
    }
  }

  /** CRC-64/NVME (reflected, polynomial 0xAD93D23594C93659, init and xorout all ones). */
  static final class Crc64Nvme {
    private static final long[] TABLE = new long[256];

    static {
      long reflected = 0x9A6C9329AC4BC9B5L;
      for (int i = 0; i < 256; i++) {
        long c = i;
        for (int k = 0; k < 8; k++) {
          c = (c & 1) != 0 ? (c >>> 1) ^ reflected : c >>> 1;
        }
        TABLE[i] = c;
      }
    }

    private Crc64Nvme() {}

    static long of(byte[] data) {
      long crc = -1L;
      for (byte b : data) {
        crc = TABLE[(int) ((crc ^ b) & 0xff)] ^ (crc >>> 8);
      }
      return ~crc;
    }
  }
}
