package io.sealstream.keyservice;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A route's path, such as {@code /v1/key/create/{name}}: literal segments match themselves, a
 * {@code {param}} segment matches any one non-empty segment and captures it, raw (not
 * percent-decoded, so an encoded {@code /} can never reach a parameter).
 */
record PathPattern(String template, List<String> segments) {
  PathPattern {
    if (template == null || !template.startsWith("/")) {
      throw new IllegalArgumentException("path template must start with '/', was " + template);
    }
    segments = List.copyOf(segments);
  }

  static PathPattern of(String template) {
    return new PathPattern(template, Arrays.asList(template.substring(1).split("/", -1)));
  }

  /** The captured parameters if {@code rawPath} matches, else empty. */
  Optional<Map<String, String>> match(String rawPath) {
    if (rawPath == null || !rawPath.startsWith("/")) {
      return Optional.empty();
    }
    String[] parts = rawPath.substring(1).split("/", -1);
    if (parts.length != segments.size()) {
      return Optional.empty();
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < parts.length; i++) {
      String segment = segments.get(i);
      if (segment.startsWith("{") && segment.endsWith("}")) {
        if (parts[i].isEmpty()) {
          return Optional.empty();
        }
        params.put(segment.substring(1, segment.length() - 1), parts[i]);
      } else if (!segment.equals(parts[i])) {
        return Optional.empty();
      }
    }
    return Optional.of(Map.copyOf(params));
  }

  @Override
  public String toString() {
    return template;
  }
}
