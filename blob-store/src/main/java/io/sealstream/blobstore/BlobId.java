package io.sealstream.blobstore;

import java.util.regex.Pattern;

/**
 * The name of a blob: 1..200 characters of {@code [A-Za-z0-9._-]}, not starting with a dot, so it
 * is always one safe path segment.
 */
public record BlobId(String value) {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}");

  public BlobId {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "blob id must be 1..200 characters of [A-Za-z0-9._-] not starting with '.'");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
