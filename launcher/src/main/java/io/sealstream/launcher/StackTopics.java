package io.sealstream.launcher;

import io.sealstream.ingest.IngestTopics;
import io.sealstream.kafka.TopicSpec;
import java.util.ArrayList;
import java.util.List;

/** Every topic of the pipeline with its settings (docs/pipeline.md, "Topics"). */
record StackTopics(String prefix) {
  private static final String TWO_MIB = String.valueOf(2 << 20);

  String chunks() {
    return ingest().chunks();
  }

  String sealed() {
    return prefix + "sealed";
  }

  String objects() {
    return ingest().objects();
  }

  String events() {
    return ingest().events();
  }

  String buckets() {
    return ingest().buckets();
  }

  String parts() {
    return ingest().parts();
  }

  String deadLetter() {
    return prefix + "dead-letter";
  }

  /** key-service's audit trail: one record per call (the file log is the record of truth). */
  String kmsAudit() {
    return prefix + "kms-audit";
  }

  /** key-service's successful lifecycle changes, which the pipeline's key caches watch. */
  String kmsEvents() {
    return prefix + "kms-events";
  }

  /** The topics ingest-api uses, with the same names. */
  IngestTopics ingest() {
    return IngestTopics.withPrefix(prefix);
  }

  /** ingest-api's topics as it specifies them, plus the encryptor's output and dead letters. */
  List<TopicSpec> specs() {
    List<TopicSpec> specs = new ArrayList<>(IngestTopics.specs(prefix));
    specs.add(
        TopicSpec.of(sealed(), 4)
            .withConfig("retention.ms", "86400000")
            .withConfig("max.message.bytes", TWO_MIB));
    specs.add(TopicSpec.of(deadLetter(), 1).withConfig("retention.ms", "604800000"));
    // one partition each: the audit stays in call order, and watchers read one log
    specs.add(TopicSpec.of(kmsAudit(), 1).withConfig("retention.ms", "2592000000")); // 30 days
    specs.add(TopicSpec.of(kmsEvents(), 1).withConfig("retention.ms", "86400000"));
    return specs;
  }
}
