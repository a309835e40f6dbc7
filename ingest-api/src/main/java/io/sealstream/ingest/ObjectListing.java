package io.sealstream.ingest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;

/**
 * One page of a ListObjects answer, computed from a sorted map of keys: a pure function, so the
 * paging rules are tested without Kafka or HTTP.
 *
 * <p>The page holds the "items" after {@code startAfter} in key order: a key that has the
 * delimiter after the prefix rolls up into its common prefix (prefix up to and including the
 * delimiter), which is one item however many keys it stands for; every other key under the
 * prefix is an item of its own. An item is returned only if it sorts after {@code startAfter},
 * so resuming after the last item of a page (a key or a common prefix) never repeats or skips
 * one. Contents and common prefixes together count against {@code maxKeys}.
 */
final class ObjectListing {
  /** The most keys one page returns, as in S3. */
  static final int MAX_KEYS = 1000;

  private ObjectListing() {}

  /**
   * What to list.
   *
   * @param prefix only keys starting with it ("" = all)
   * @param delimiter "" = none
   * @param startAfter only items sorting after it; null = from the start
   * @param maxKeys 0 to {@link #MAX_KEYS}
   */
  record Query(String prefix, String delimiter, String startAfter, int maxKeys) {
    Query {
      Objects.requireNonNull(prefix, "prefix");
      Objects.requireNonNull(delimiter, "delimiter");
      if (maxKeys < 0 || maxKeys > MAX_KEYS) {
        throw new IllegalArgumentException("maxKeys must be 0.." + MAX_KEYS + ", was " + maxKeys);
      }
    }
  }

  /**
   * One page.
   *
   * @param contents the keys listed themselves, with their values, in key order
   * @param commonPrefixes the roll-ups, in key order
   * @param truncated whether items remain after this page
   * @param lastItem the last key or common prefix of the page (where the next page starts
   *     after); null when the page is empty
   */
  record Page<V>(
      List<Map.Entry<String, V>> contents, List<String> commonPrefixes, boolean truncated,
      String lastItem) {
    Page {
      contents = List.copyOf(contents);
      commonPrefixes = List.copyOf(commonPrefixes);
    }

    int count() {
      return contents.size() + commonPrefixes.size();
    }
  }

  /**
   * The page of {@code query} over {@code keys}, which must be sorted by the order listings use
   * ({@link KeyOrder#UTF8} in the server; the map's own comparator is used for every comparison).
   */
  static <V> Page<V> list(NavigableMap<String, V> keys, Query query) {
    List<Map.Entry<String, V>> contents = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    if (query.maxKeys() == 0) {
      // Nothing is returned, and nothing marks progress: "truncated" would make a client page
      // forever.
      return new Page<>(contents, prefixes, false, null);
    }
    @SuppressWarnings("unchecked")
    Comparator<String> order =
        keys.comparator() == null
            ? Comparator.naturalOrder()
            : (Comparator<String>) keys.comparator();
    String prefix = query.prefix();
    String delimiter = query.delimiter();
    String after = query.startAfter();

    Map.Entry<String, V> e =
        after != null && order.compare(after, prefix) >= 0
            ? keys.higherEntry(after)
            : keys.ceilingEntry(prefix);
    String last = null;
    boolean truncated = false;
    while (e != null && e.getKey().startsWith(prefix)) {
      String key = e.getKey();
      String common = commonPrefix(key, prefix, delimiter);
      if (common != null && after != null && order.compare(common, after) <= 0) {
        // this roll-up was returned before (or sorts before where the listing starts)
        e = skipKeysStartingWith(keys, common);
        continue;
      }
      if (contents.size() + prefixes.size() == query.maxKeys()) {
        truncated = true;
        break;
      }
      if (common == null) {
        contents.add(e);
        last = key;
        e = keys.higherEntry(key);
      } else {
        prefixes.add(common);
        last = common;
        e = skipKeysStartingWith(keys, common);
      }
    }
    return new Page<>(contents, prefixes, truncated, last);
  }

  /** The key's common prefix: up to and including the first delimiter after the prefix. */
  static String commonPrefix(String key, String prefix, String delimiter) {
    if (delimiter.isEmpty()) {
      return null;
    }
    int i = key.indexOf(delimiter, prefix.length());
    return i < 0 ? null : key.substring(0, i + delimiter.length());
  }

  /** The first entry after every key that starts with {@code start}. */
  private static <V> Map.Entry<String, V> skipKeysStartingWith(
      NavigableMap<String, V> keys, String start) {
    // One seek past nearly all of them; the loop catches keys that continue with the largest
    // code point (or, in natural order, with units above it), which sort after the seek target.
    Map.Entry<String, V> e = keys.higherEntry(start + KeyOrder.MAX_CODE_POINT);
    while (e != null && e.getKey().startsWith(start)) {
      e = keys.higherEntry(e.getKey());
    }
    return e;
  }
}
