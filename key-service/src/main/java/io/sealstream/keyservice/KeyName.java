package io.sealstream.keyservice;

import java.util.regex.Pattern;

/**
 * The name of a master key: 1 to 128 characters from {@code [A-Za-z0-9._-]}, and not {@code "."}
 * or {@code ".."} (which URL normalisation would eat). Names go into URL paths and file names
 * as they are, so nothing else is allowed.
 */
public record KeyName(String value) implements Comparable<KeyName> {
  /** The characters and length a key name may have. */
  public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  /** What a valid name looks like, for error messages. */
  static final String EXPECTED = "1-128 characters from [A-Za-z0-9._-], not \".\" or \"..\"";

  public KeyName {
    if (value == null) {
      throw new IllegalArgumentException("key name must be " + EXPECTED + ", was null");
    }
    if (!isValid(value)) {
      // The rejected name is not echoed: it comes from the network and may be anything.
      throw new IllegalArgumentException(
          "key name must be " + EXPECTED + ", was " + value.length() + " characters");
    }
  }

  /** Whether {@code value} is a valid key name. */
  public static boolean isValid(String value) {
    return value != null
        && PATTERN.matcher(value).matches()
        && !value.equals(".")
        && !value.equals("..");
  }

  public static KeyName of(String value) {
    return new KeyName(value);
  }

  @Override
  public int compareTo(KeyName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
