package io.sealstream.encryptor;

import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The encryptor's topology, a pure function of its inputs:
 *
 * <pre>
 * chunks (uploadId → ChunkRecord bytes)
 *   → seal (state store upload-state, keyed by uploadId)
 *       → sealed      (uploadId → SealedChunkRecord)
 *       → dead-letter (uploadId → DeadLetter)
 * </pre>
 *
 * Chunk values are read as bytes and decoded inside the processor, so a record that does not
 * decode goes to the dead-letter topic with a reason instead of stopping the application.
 */
public final class EncryptorTopology {
  static final String SOURCE = "chunks";
  static final String PROCESSOR = "seal";
  static final String SEALED_SINK = "sealed";
  static final String DEAD_LETTER_SINK = "dead-letter";

  private EncryptorTopology() {}

  public static Topology build(
      EncryptorTopics topics, EncryptorSerdes serdes, Supplier<ChunkSealer> sealers) {
    Topology topology = new Topology();
    topology.addSource(
        SOURCE,
        Serdes.String().deserializer(),
        Serdes.ByteArray().deserializer(),
        topics.chunks());
    topology.addProcessor(
        PROCESSOR, () -> new SealingProcessor(sealers.get(), serdes.chunks(), topics), SOURCE);
    topology.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(EncryptorTopics.UPLOAD_STATE_STORE),
            Serdes.String(),
            serdes.state()),
        PROCESSOR);
    topology.addSink(
        SEALED_SINK, topics.sealed(), Serdes.String().serializer(), serdes.sealed(), PROCESSOR);
    topology.addSink(
        DEAD_LETTER_SINK,
        topics.deadLetter(),
        Serdes.String().serializer(),
        serdes.deadLetters(),
        PROCESSOR);
    return topology;
  }
}
