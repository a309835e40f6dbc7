package io.sealstream.keyservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PathPatternTest {
  private final PathPattern create = PathPattern.of("/v1/key/create/{name}");

  @Test
  void matchingPath_capturesTheRawSegment() {
    assertThat(create.match("/v1/key/create/my-key")).hasValue(Map.of("name", "my-key"));
    assertThat(create.match("/v1/key/create/a%2Fb")).hasValue(Map.of("name", "a%2Fb"));
  }

  @Test
  void otherPaths_doNotMatch() {
    assertThat(create.match("/v1/key/create/")).isEmpty();
    assertThat(create.match("/v1/key/create/a/b")).isEmpty();
    assertThat(create.match("/v1/key/create")).isEmpty();
    assertThat(create.match("/v1/key/generate/a")).isEmpty();
    assertThat(create.match("v1/key/create/a")).isEmpty();
    assertThat(PathPattern.of("/v1/status").match("/v1/status")).hasValue(Map.of());
    assertThat(PathPattern.of("/v1/status").match("/v1/status/")).isEmpty();
  }
}
