package io.sealstream.keyservice;

/**
 * One allow or deny rule: a request path such as {@code /v1/key/generate/bucket-*}. A trailing
 * {@code *} matches any rest of the path (a prefix match); otherwise the path must be equal. At
 * most one {@code *}, only at the end, so a rule means what it looks like. Matched against the
 * raw (not percent-decoded) path, the same string the router matches.
 */
public record PolicyRule(String pattern) {
  public PolicyRule {
    if (pattern == null || !pattern.startsWith("/v1/") || pattern.length() > 256) {
      throw new IllegalArgumentException(
          "a policy rule is a path starting with /v1/ of at most 256 characters");
    }
    int star = pattern.indexOf('*');
    if (star >= 0 && star != pattern.length() - 1) {
      throw new IllegalArgumentException(
          "a policy rule may have one '*', only at its end: " + pattern);
    }
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        throw new IllegalArgumentException("a policy rule must be visible ASCII");
      }
    }
  }

  boolean matches(String path) {
    if (pattern.endsWith("*")) {
      return path.startsWith(pattern.substring(0, pattern.length() - 1));
    }
    return path.equals(pattern);
  }

  @Override
  public String toString() {
    return pattern;
  }
}
