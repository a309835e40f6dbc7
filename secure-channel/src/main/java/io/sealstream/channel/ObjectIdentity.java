package io.sealstream.channel;

import java.nio.charset.StandardCharsets;

/**
 * What a sealed object key is bound to: bucket, object key and version. Unlike MinIO, the object
 * key is bound byte for byte (no path cleaning: {@code a//b} and {@code a/b} are different S3
 * objects) and the version is bound too, so neither relocation nor rollback to an older version's
 * key opens.
 *
 * @param bucket the bucket name, 1..63 bytes
 * @param object the object key, 1..1024 bytes of UTF-8
 * @param version a version id unique to this write of the object, 1..1024 bytes of UTF-8
 */
public record ObjectIdentity(String bucket, String object, String version) {
  public ObjectIdentity {
    requireLength("bucket", bucket, 63);
    requireLength("object", object, 1024);
    requireLength("version", version, 1024);
  }

  private static void requireLength(String what, String value, int max) {
    if (value == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    int n = value.getBytes(StandardCharsets.UTF_8).length;
    if (n < 1 || n > max) {
      throw new IllegalArgumentException(
          what + " must be 1.." + max + " bytes of UTF-8, was " + n);
    }
  }
}
