package io.sealstream.launcher;

import io.sealstream.kafka.TopicSpec;
import java.util.List;

/** Every topic of the pipeline with its settings (docs/pipeline.md, "Topics"). */
record StackTopics(String prefix) {
  private static final String TWO_MIB = String.valueOf(2 << 20);

  String chunks() {
    return prefix + "chunks";
  }

  String sealed() {
    return prefix + "sealed";
  }

  String objects() {
    return prefix + "objects";
  }

  String events() {
    return prefix + "events";
  }

  String buckets() {
    return prefix + "buckets";
  }

  String deadLetter() {
    return prefix + "dead-letter";
  }

  List<TopicSpec> specs() {
    return List.of(
        // plaintext: short retention, and truncated as soon as it is sealed
        TopicSpec.of(chunks(), 4)
            .withConfig("retention.ms", "3600000")
            // small segments roll soon, so truncated plaintext leaves the disk soon too
            .withConfig("segment.bytes", String.valueOf(16 << 20))
            .withConfig("segment.ms", "60000")
            .withConfig("max.message.bytes", TWO_MIB),
        TopicSpec.of(sealed(), 4)
            .withConfig("retention.ms", "86400000")
            .withConfig("max.message.bytes", TWO_MIB),
        TopicSpec.of(objects(), 4).withConfig("cleanup.policy", "compact"),
        TopicSpec.of(events(), 4).withConfig("retention.ms", "604800000"),
        TopicSpec.of(buckets(), 1).withConfig("cleanup.policy", "compact"),
        TopicSpec.of(deadLetter(), 1).withConfig("retention.ms", "604800000"));
  }
}
