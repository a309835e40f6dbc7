package io.sealstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ObjectListingTest {
  private static final Comparator<String> UTF8_BYTES = (a, b) -> Arrays.compareUnsigned(
      a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  private static NavigableMap<String, String> keys(String... keys) {
    NavigableMap<String, String> map = new TreeMap<>(KeyOrder.UTF8);
    for (String k : keys) {
      map.put(k, "v:" + k);
    }
    return map;
  }

  private static List<String> contentKeys(ObjectListing.Page<String> page) {
    return page.contents().stream().map(Map.Entry::getKey).toList();
  }

  @Test
  void delimiter_rollsKeysUpIntoCommonPrefixes_onceEach() {
    var keys = keys("a.txt", "photos/2020/x.jpg", "photos/2021/y.jpg", "photos/z.jpg", "videos/v.mp4", "zz");
    var page = ObjectListing.list(keys, new ObjectListing.Query("", "/", null, 1000));
    assertThat(contentKeys(page)).containsExactly("a.txt", "zz");
    assertThat(page.commonPrefixes()).containsExactly("photos/", "videos/");
    assertThat(page.truncated()).isFalse();
    assertThat(page.contents().get(0).getValue()).isEqualTo("v:a.txt");

    var under = ObjectListing.list(keys, new ObjectListing.Query("photos/", "/", null, 1000));
    assertThat(contentKeys(under)).containsExactly("photos/z.jpg");
    assertThat(under.commonPrefixes()).containsExactly("photos/2020/", "photos/2021/");
  }

  @Test
  void maxKeys_truncates_andCountsPrefixesToo_andLastItemResumes() {
    var keys = keys("a", "b/1", "b/2", "c", "d");
    var first = ObjectListing.list(keys, new ObjectListing.Query("", "/", null, 2));
    assertThat(contentKeys(first)).containsExactly("a");
    assertThat(first.commonPrefixes()).containsExactly("b/");
    assertThat(first.truncated()).isTrue();
    assertThat(first.lastItem()).isEqualTo("b/");

    var second = ObjectListing.list(keys, new ObjectListing.Query("", "/", "b/", 2));
    assertThat(contentKeys(second)).containsExactly("c", "d");
    assertThat(second.commonPrefixes()).isEmpty();
    assertThat(second.truncated()).as("nothing after d").isFalse();
  }

  @Test
  void exactlyMaxKeysLeft_isNotTruncated() {
    var page = ObjectListing.list(keys("a", "b"), new ObjectListing.Query("", "", null, 2));
    assertThat(page.truncated()).isFalse();
    assertThat(page.lastItem()).isEqualTo("b");
  }

  @Test
  void maxKeysZero_returnsNothing_andIsNotTruncated() {
    var page = ObjectListing.list(keys("a", "b"), new ObjectListing.Query("", "", null, 0));
    assertThat(page.count()).isZero();
    assertThat(page.truncated()).isFalse();
    assertThat(page.lastItem()).isNull();
  }

  @Test
  void startAfter_beforeThePrefix_startsAtThePrefix_andAfterItsEnd_isEmpty() {
    var keys = keys("a/1", "b/1", "b/2", "c/1");
    assertThat(contentKeys(ObjectListing.list(keys, new ObjectListing.Query("b/", "", "a", 10))))
        .containsExactly("b/1", "b/2");
    assertThat(contentKeys(ObjectListing.list(keys, new ObjectListing.Query("b/", "", "b/1", 10))))
        .containsExactly("b/2");
    assertThat(ObjectListing.list(keys, new ObjectListing.Query("b/", "", "c", 10)).count()).isZero();
  }

  @Test
  void startAfterInsideARollUp_doesNotReturnThatCommonPrefixAgain() {
    var keys = keys("a/1", "a/2", "b");
    var page = ObjectListing.list(keys, new ObjectListing.Query("", "/", "a/1", 10));
    assertThat(page.commonPrefixes()).isEmpty();
    assertThat(contentKeys(page)).containsExactly("b");
  }

  @Test
  void multiCharacterDelimiter_andKeysEqualToThePrefix() {
    var keys = keys("p", "p--x--y", "p--z", "pq");
    var page = ObjectListing.list(keys, new ObjectListing.Query("p", "--", null, 10));
    assertThat(contentKeys(page)).containsExactly("p", "pq");
    assertThat(page.commonPrefixes()).containsExactly("p--");
  }

  @Test
  void keysAfterTheLargestCodePoint_areStillRolledUpOnce() {
    String max = KeyOrder.MAX_CODE_POINT;
    var keys = keys("d/" + max, "d/" + max + "x", "d/a", "e");
    var page = ObjectListing.list(keys, new ObjectListing.Query("", "/", null, 10));
    assertThat(page.commonPrefixes()).containsExactly("d/");
    assertThat(contentKeys(page)).containsExactly("e");
  }

  @Test
  void query_validatesMaxKeys() {
    assertThatThrownBy(() -> new ObjectListing.Query("", "", null, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ObjectListing.Query("", "", null, 1001)).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Property: for random keys made of '/'-separated segments (some non-ASCII, some astral), a
   * random prefix, delimiter and page size, paging through continuation tokens yields exactly
   * the items of a naive model (every key under the prefix, rolled up, deduplicated, sorted by
   * UTF-8 bytes), each once, in order, with every page but the last truncated.
   */
  @Test
  void paging_yieldsExactlyTheModelsItems_eachOnce_inOrder() throws Exception {
    String[] segments = {"a", "b", "ab", "é", "😀", "\uE000", "", "x-y"};
    String[] delimiters = {"", "/", "/", "b", "-", "//"};
    for (long seed = 0; seed < 400; seed++) {
      Random random = new Random(seed);
      NavigableMap<String, String> keys = new TreeMap<>(KeyOrder.UTF8);
      int n = random.nextInt(40);
      for (int i = 0; i < n; i++) {
        int depth = 1 + random.nextInt(4);
        StringBuilder k = new StringBuilder();
        for (int d = 0; d < depth; d++) {
          if (d > 0) {
            k.append('/');
          }
          k.append(segments[random.nextInt(segments.length)]);
        }
        if (k.length() > 0) {
          keys.put(k.toString(), "v" + i);
        }
      }
      List<String> all = new ArrayList<>(keys.keySet());
      String prefix = switch (random.nextInt(3)) {
        case 0 -> "";
        case 1 -> all.isEmpty() ? "a" : prefixOf(all.get(random.nextInt(all.size())), random);
        default -> segments[random.nextInt(segments.length)] + (random.nextBoolean() ? "/" : "");
      };
      String delimiter = delimiters[random.nextInt(delimiters.length)];
      int maxKeys = 1 + random.nextInt(6);
      String context = "seed " + seed + " prefix '" + prefix + "' delimiter '" + delimiter + "' max " + maxKeys;

      // the model
      TreeSet<String> modelContents = new TreeSet<>(UTF8_BYTES);
      TreeSet<String> modelPrefixes = new TreeSet<>(UTF8_BYTES);
      for (String k : all) {
        if (!k.startsWith(prefix)) {
          continue;
        }
        int i = delimiter.isEmpty() ? -1 : k.indexOf(delimiter, prefix.length());
        if (i < 0) {
          modelContents.add(k);
        } else {
          modelPrefixes.add(k.substring(0, i + delimiter.length()));
        }
      }
      TreeSet<String> modelItems = new TreeSet<>(UTF8_BYTES);
      modelItems.addAll(modelContents);
      modelItems.addAll(modelPrefixes);

      // paging as a V2 client does, through the opaque token
      List<String> items = new ArrayList<>();
      List<String> gotContents = new ArrayList<>();
      List<String> gotPrefixes = new ArrayList<>();
      String token = null;
      int pages = 0;
      while (true) {
        String startAfter = token == null ? null : ContinuationToken.decode(token);
        ObjectListing.Page<String> page =
            ObjectListing.list(keys, new ObjectListing.Query(prefix, delimiter, startAfter, maxKeys));
        pages++;
        assertThat(page.count()).as(context).isLessThanOrEqualTo(maxKeys);
        List<String> pageItems = new ArrayList<>(contentKeys(page));
        pageItems.addAll(page.commonPrefixes());
        pageItems.sort(UTF8_BYTES);
        items.addAll(pageItems);
        gotContents.addAll(contentKeys(page));
        gotPrefixes.addAll(page.commonPrefixes());
        for (Map.Entry<String, String> e : page.contents()) {
          assertThat(e.getValue()).isEqualTo(keys.get(e.getKey()));
        }
        if (!page.truncated()) {
          break;
        }
        assertThat(page.count()).as(context + ": a truncated page is full").isEqualTo(maxKeys);
        token = ContinuationToken.encode(page.lastItem());
        assertThat(pages).as(context + ": paging ends").isLessThan(200);
      }
      assertThat(items).as(context).containsExactlyElementsOf(modelItems);
      assertThat(gotContents).as(context).containsExactlyElementsOf(modelContents);
      assertThat(gotPrefixes).as(context).containsExactlyElementsOf(modelPrefixes);
      int expectedPages = Math.max(1, (modelItems.size() + maxKeys - 1) / maxKeys);
      assertThat(pages).as(context).isEqualTo(expectedPages);
    }
  }

  private static String prefixOf(String key, Random random) {
    int end = random.nextInt(key.length() + 1);
    if (end > 0 && end < key.length() && Character.isHighSurrogate(key.charAt(end - 1))) {
      end++;
    }
    return key.substring(0, end);
  }

  @Test
  void continuationToken_roundTrips_andRejectsGarbage() {
    for (String s : new String[] {"a", "photos/2020/", "ünï 😀+/=", "x".repeat(1024)}) {
      assertThat(ContinuationToken.encode(s)).doesNotContain("=", "+", "/");
      assertThat(uncheckedDecode(ContinuationToken.encode(s))).isEqualTo(s);
    }
    for (String bad : new String[] {"", "!!!", "gA"}) { // "gA" is the byte 0x80: not UTF-8
      assertThatThrownBy(() -> ContinuationToken.decode(bad))
          .isInstanceOfSatisfying(S3Exception.class,
              e -> assertThat(e.error()).isEqualTo(S3Error.INVALID_ARGUMENT));
    }
  }

  private static String uncheckedDecode(String token) {
    try {
      return ContinuationToken.decode(token);
    } catch (S3Exception e) {
      throw new AssertionError(e);
    }
  }
}
