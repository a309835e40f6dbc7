package io.sealstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class S3ErrorTest {

  @Test
  void xml_hasCodeMessageResourceRequestId_escaped() {
    String xml = new String(
        S3Error.NO_SUCH_KEY.xml(null, "/b/a<b>&c", "REQ1"), StandardCharsets.UTF_8);
    assertThat(xml).isEqualTo(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code>"
            + "<Message>The specified key does not exist.</Message>"
            + "<Resource>/b/a&lt;b&gt;&amp;c</Resource><RequestId>REQ1</RequestId></Error>");
  }

  @Test
  void xml_specificMessageReplacesDefault() {
    String xml = new String(S3Error.INVALID_ARGUMENT.xml("bad \"x\"", "/b", "R"), StandardCharsets.UTF_8);
    assertThat(xml).contains("<Message>bad &quot;x&quot;</Message>").contains("<Code>InvalidArgument</Code>");
  }

  @Test
  void catalogue_codesAreUnique_andStatusesAreErrors() {
    Set<String> codes = new HashSet<>();
    for (S3Error e : S3Error.values()) {
      assertThat(codes.add(e.code())).as(e.code()).isTrue();
      assertThat(e.status()).isBetween(400, 599);
    }
    assertThat(S3Error.INVALID_RANGE.status()).isEqualTo(416);
    assertThat(S3Error.ACCESS_DENIED.status()).isEqualTo(403);
    assertThat(S3Error.SERVICE_UNAVAILABLE.status()).isEqualTo(503);
  }

  @Test
  void exception_hasNoStackTrace() {
    assertThat(S3Error.NO_SUCH_BUCKET.exception().getStackTrace()).isEmpty();
  }
}
