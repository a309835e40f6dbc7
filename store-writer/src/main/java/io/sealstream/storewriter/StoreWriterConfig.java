package io.sealstream.storewriter;

import io.sealstream.schemas.DeadLetter;
import io.sealstream.schemas.ObjectEvent;
import io.sealstream.schemas.ObjectManifest;
import io.sealstream.schemas.PartRecord;
import io.sealstream.schemas.SealedChunkRecord;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * What a store-writer needs: where Kafka is, its topics, its identity and the record serdes.
 *
 * @param transactionalId stable per writer instance, so a restarted writer fences its
 *     predecessor's unfinished transaction
 */
public record StoreWriterConfig(
    String bootstrapServers,
    String sealedTopic,
    String objectsTopic,
    String eventsTopic,
    String partsTopic,
    String deadLetterTopic,
    String groupId,
    String transactionalId,
    Duration pollTimeout,
    Deserializer<SealedChunkRecord> sealed,
    Serializer<ObjectManifest> manifests,
    Serializer<ObjectEvent> events,
    Serializer<PartRecord> parts,
    Serializer<DeadLetter> deadLetters,
    Map<String, Object> clientOverrides) {

  public StoreWriterConfig {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(sealedTopic, "sealedTopic");
    Objects.requireNonNull(objectsTopic, "objectsTopic");
    Objects.requireNonNull(eventsTopic, "eventsTopic");
    Objects.requireNonNull(partsTopic, "partsTopic");
    Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(transactionalId, "transactionalId");
    Objects.requireNonNull(pollTimeout, "pollTimeout");
    Objects.requireNonNull(sealed, "sealed");
    Objects.requireNonNull(manifests, "manifests");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(parts, "parts");
    Objects.requireNonNull(deadLetters, "deadLetters");
    clientOverrides = Map.copyOf(clientOverrides);
  }
}
