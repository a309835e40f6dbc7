package io.sealstream.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Object sizes as users write them ({@code 4KiB}, {@code 1MiB}, {@code 10GiB}, {@code 512}). */
public final class ByteSizes {
  private ByteSizes() {}

  /** Parses one size; binary units only, because the pipeline's chunk and package sizes are. */
  public static long parse(String text) {
    String t = text.strip();
    String lower = t.toLowerCase(Locale.ROOT);
    long unit = 1;
    String digits = t;
    for (String[] u : new String[][] {{"kib", "1024"}, {"mib", "1048576"}, {"gib", "1073741824"}}) {
      if (lower.endsWith(u[0])) {
        unit = Long.parseLong(u[1]);
        digits = t.substring(0, t.length() - 3);
        break;
      }
    }
    if (digits.endsWith("B") || digits.endsWith("b")) {
      digits = digits.substring(0, digits.length() - 1);
    }
    long n;
    try {
      n = Long.parseLong(digits.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a size: '" + text + "' (use e.g. 4KiB, 1MiB, 64MiB)");
    }
    if (n <= 0) {
      throw new IllegalArgumentException("size must be positive: '" + text + "'");
    }
    return Math.multiplyExact(n, unit);
  }

  /** Parses a comma-separated list. */
  public static List<Long> parseList(String text) {
    List<Long> sizes = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        sizes.add(parse(part));
      }
    }
    if (sizes.isEmpty()) {
      throw new IllegalArgumentException("no size given");
    }
    return sizes;
  }

  /** The shortest exact form: {@code 4 KiB}, {@code 64 MiB}, {@code 1000 B}. */
  public static String format(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB"};
    int i = 0;
    long v = bytes;
    while (i < units.length - 1 && v >= 1024 && v % 1024 == 0) {
      v /= 1024;
      i++;
    }
    return v + " " + units[i];
  }
}
