package io.sealstream.ingest;

/**
 * A single {@code Range: bytes=...} of a GET, resolved against the object's plaintext size.
 * Multiple ranges and syntactically invalid headers are ignored (the whole object is sent), as
 * S3 does; a well-formed range that selects nothing is 416 InvalidRange.
 */
record ByteRange(long offset, long length) {

  /** The range to send, or null for the whole object. */
  static ByteRange parse(String header, long size) throws S3Exception {
    if (header == null) {
      return null;
    }
    String h = header.strip();
    if (!h.startsWith("bytes=")) {
      return null;
    }
    String spec = h.substring(6).strip();
    if (spec.contains(",")) {
      return null;
    }
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    String a = spec.substring(0, dash).strip();
    String b = spec.substring(dash + 1).strip();
    try {
      if (a.isEmpty()) {
        if (b.isEmpty()) {
          return null;
        }
        long suffix = Long.parseLong(b);
        if (suffix < 0) {
          return null;
        }
        if (suffix == 0 || size == 0) {
          throw S3Error.INVALID_RANGE.exception();
        }
        long n = Math.min(suffix, size);
        return new ByteRange(size - n, n);
      }
      long first = Long.parseLong(a);
      if (first < 0) {
        return null;
      }
      long last;
      if (b.isEmpty()) {
        last = size - 1;
      } else {
        last = Long.parseLong(b);
        if (last < first) {
          return null;
        }
      }
      if (first >= size) {
        throw S3Error.INVALID_RANGE.exception();
      }
      last = Math.min(last, size - 1);
      return new ByteRange(first, last - first + 1);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  String contentRange(long size) {
    return "bytes " + offset + "-" + (offset + length - 1) + "/" + size;
  }
}
