package io.sealstream.ingest;

/** S3 bucket naming rules (general-purpose buckets). */
final class BucketNames {
  private BucketNames() {}

  /** 3-63 characters of a-z, 0-9, '.', '-'; starts and ends with a letter or digit; no "..";
   * not an IPv4 address. */
  static boolean isValid(String name) {
    if (name == null || name.length() < 3 || name.length() > 63) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
      if (!ok) {
        return false;
      }
    }
    if (!Character.isLetterOrDigit(name.charAt(0))
        || !Character.isLetterOrDigit(name.charAt(name.length() - 1))) {
      return false;
    }
    if (name.contains("..") || name.contains(".-") || name.contains("-.")) {
      return false;
    }
    return !isDottedQuad(name);
  }

  /** Four dot-separated runs of digits (what an IPv4 address looks like); no regex per call. */
  private static boolean isDottedQuad(String name) {
    int dots = 0;
    boolean digitsSinceDot = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '.') {
        if (!digitsSinceDot) {
          return false;
        }
        dots++;
        digitsSinceDot = false;
      } else if (c >= '0' && c <= '9') {
        digitsSinceDot = true;
      } else {
        return false;
      }
    }
    return dots == 3 && digitsSinceDot;
  }
}
