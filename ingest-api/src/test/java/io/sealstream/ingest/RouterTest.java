package io.sealstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {

  @Test
  void percentDecode_keepsPlus_andDecodesUtf8() throws Exception {
    assertThat(Router.percentDecode("/b/a%20b+c")).isEqualTo("/b/a b+c");
    assertThat(Router.percentDecode("/b/%C3%BC%2Fx")).isEqualTo("/b/ü/x");
    assertThat(Router.percentDecode("/b/a//b")).isEqualTo("/b/a//b");
  }

  @Test
  void percentDecode_malformed_isInvalidArgument() {
    assertThatThrownBy(() -> Router.percentDecode("/b/%zz")).isInstanceOf(S3Exception.class);
    assertThatThrownBy(() -> Router.percentDecode("/b/%2")).isInstanceOf(S3Exception.class);
  }

  @Test
  void bucketNames_followS3Rules() {
    assertThat(BucketNames.isValid("my-bucket.01")).isTrue();
    assertThat(BucketNames.isValid("abc")).isTrue();
    assertThat(BucketNames.isValid("ab")).isFalse();
    assertThat(BucketNames.isValid("a".repeat(64))).isFalse();
    assertThat(BucketNames.isValid("Bad_Bucket")).isFalse();
    assertThat(BucketNames.isValid("-abc")).isFalse();
    assertThat(BucketNames.isValid("abc-")).isFalse();
    assertThat(BucketNames.isValid("a..b")).isFalse();
    assertThat(BucketNames.isValid("192.168.1.1")).isFalse();
    assertThat(BucketNames.isValid("192.168.1")).isTrue();
    assertThat(BucketNames.isValid("1.2.3.4.5")).isTrue();
  }

  @Test
  void requestIds_are16UpperCaseHexDigits_andDistinct() {
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = Router.newRequestId();
      assertThat(id).matches("[0-9A-F]{16}");
      ids.add(id);
    }
    assertThat(ids).hasSize(10_000);
  }

  /** The IPv4 rule without a regex agrees with the regex it replaced on every short name. */
  @Test
  void bucketNames_dottedQuadRule_matchesTheRegex() {
    char[] alphabet = {'1', '9', '.', 'a', '-'};
    int checked = 0;
    for (int len = 3; len <= 8; len++) {
      for (long n = 0; n < Math.pow(alphabet.length, len); n++) {
        long v = n;
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < len; i++) {
          name.append(alphabet[(int) (v % alphabet.length)]);
          v /= alphabet.length;
        }
        String s = name.toString();
        boolean expected = referenceIsValid(s);
        if (BucketNames.isValid(s) != expected) {
          assertThat(BucketNames.isValid(s)).as(s).isEqualTo(expected);
        }
        checked += expected ? 1 : 0;
      }
    }
    assertThat(checked).isPositive();
  }

  private static boolean referenceIsValid(String name) {
    return name.length() >= 3 && name.length() <= 63
        && name.matches("[a-z0-9][a-z0-9.-]*[a-z0-9]")
        && !name.contains("..") && !name.contains(".-") && !name.contains("-.")
        && !name.matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
  }

  private static final Route.Operation NOOP = call -> {};
  private static final Route PLAIN_GET = Route.of("GET", Route.Shape.BUCKET, 0, NOOP);
  private static final Route UPLOADS_GET = Route.of("GET", Route.Shape.BUCKET, "uploads", 0, NOOP);
  private static final Route PUT = Route.of("PUT", Route.Shape.BUCKET, 0, NOOP);
  private static final List<Route> ROUTES = List.of(PLAIN_GET, UPLOADS_GET, PUT);

  @Test
  void find_prefersTheRouteOfTheSubresourceInTheQuery() throws Exception {
    assertThat(Router.find(ROUTES, "GET", Route.Shape.BUCKET, Map.of("uploads", "")))
        .isSameAs(UPLOADS_GET);
    assertThat(Router.find(ROUTES, "GET", Route.Shape.BUCKET, Map.of("prefix", "a")))
        .isSameAs(PLAIN_GET);
  }

  @Test
  void find_unroutedSubresource_isNotImplemented_neverThePlainOperation() {
    assertThatThrownBy(() -> Router.find(ROUTES, "GET", Route.Shape.BUCKET, Map.of("acl", "")))
        .isInstanceOfSatisfying(S3Exception.class,
            e -> assertThat(e.error()).isEqualTo(S3Error.NOT_IMPLEMENTED));
    assertThatThrownBy(() -> Router.find(ROUTES, "PUT", Route.Shape.BUCKET, Map.of("uploads", "")))
        .isInstanceOfSatisfying(S3Exception.class,
            e -> assertThat(e.error()).isEqualTo(S3Error.NOT_IMPLEMENTED));
  }

  @Test
  void find_missingMethod_isMethodNotAllowed_unknownShape_isNotImplemented() {
    assertThatThrownBy(() -> Router.find(ROUTES, "DELETE", Route.Shape.BUCKET, Map.of()))
        .isInstanceOfSatisfying(S3Exception.class,
            e -> assertThat(e.error()).isEqualTo(S3Error.METHOD_NOT_ALLOWED));
    assertThatThrownBy(() -> Router.find(ROUTES, "GET", Route.Shape.SERVICE, Map.of()))
        .isInstanceOfSatisfying(S3Exception.class,
            e -> assertThat(e.error()).isEqualTo(S3Error.NOT_IMPLEMENTED));
  }

  @Test
  void parseQuery_decodesNamesAndValues_firstValueWins() throws Exception {
    assertThat(Router.parseQuery("prefix=a%2Fb+c&uploads&prefix=x&&max-keys=5"))
        .containsExactly(
            Map.entry("prefix", "a/b+c"), Map.entry("uploads", ""), Map.entry("max-keys", "5"));
    assertThat(Router.parseQuery(null)).isEmpty();
  }
}
