package io.sealstream.ingest;

import io.sealstream.kafka.TopicSpec;
import java.util.List;
import java.util.Objects;

/**
 * The topics ingest-api reads and writes (docs/pipeline.md), by name. {@link #specs} lists them
 * with partitions and configs so whoever starts the stack can create them with {@code
 * Topics.createAndAwait}.
 */
public record IngestTopics(
    String chunks, String objects, String events, String buckets, String uploads, String parts) {
  public static final String DEFAULT_PREFIX = "sealstream.";

  public IngestTopics {
    Objects.requireNonNull(chunks, "chunks");
    Objects.requireNonNull(objects, "objects");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(buckets, "buckets");
    Objects.requireNonNull(uploads, "uploads");
    Objects.requireNonNull(parts, "parts");
  }

  /** The names under a prefix, e.g. {@code "sealstream."}. */
  public static IngestTopics withPrefix(String prefix) {
    return new IngestTopics(prefix + "chunks", prefix + "objects", prefix + "events",
        prefix + "buckets", prefix + "uploads", prefix + "parts");
  }

  /** The specs of docs/pipeline.md for the topics ingest-api uses. */
  public static List<TopicSpec> specs(String prefix) {
    IngestTopics t = withPrefix(prefix);
    String twoMiB = Integer.toString(2 * 1024 * 1024);
    return List.of(
        // plaintext: short retention, and truncated as soon as it is sealed; small segments
        // roll soon, so truncated plaintext leaves the broker's disk soon too
        TopicSpec.of(t.chunks, 4)
            .withConfig("cleanup.policy", "delete")
            .withConfig("retention.ms", Long.toString(60L * 60 * 1000))
            .withConfig("segment.bytes", Integer.toString(16 << 20))
            .withConfig("segment.ms", "60000")
            .withConfig("max.message.bytes", twoMiB),
        TopicSpec.of(t.objects, 4).withConfig("cleanup.policy", "compact"),
        TopicSpec.of(t.events, 4)
            .withConfig("cleanup.policy", "delete")
            .withConfig("retention.ms", Long.toString(7L * 24 * 60 * 60 * 1000)),
        TopicSpec.of(t.buckets, 1).withConfig("cleanup.policy", "compact"),
        // multipart uploads in progress and their stored parts: compacted, tombstoned when the
        // upload completes or is aborted
        TopicSpec.of(t.uploads, 4).withConfig("cleanup.policy", "compact"),
        TopicSpec.of(t.parts, 4).withConfig("cleanup.policy", "compact"));
  }
}
